using System.Diagnostics;
using System.Globalization;
using DailyPapers.Search;
using DailyPapers.Search.Semantic;
using DailyPapers.Search.Sync;
using DailyPapers.Storage;
using Microsoft.Data.Sqlite;

namespace DailyPapers.SearchBench;

/// <summary>
/// A new node's vector catch-up from a real SQLite database, as <see cref="SearchIndexSync"/> does it (the vector
/// change feed in pages of 2,000, each vector into the index on the node's disk): time and CPU, resident memory; then
/// exact vector search over all of them (what a node serves until its graph is built; 100 nearest, the fusion's
/// depth), the save, and a second start from the saved folder (time to first search). No graph is built
/// (<c>--graph</c> builds one at the configured precision and times it).
/// </summary>
internal static class DatabaseCatchUp
{
    private const int PageSize = 2000;

    public static async Task<int> RunAsync(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var database = Value("--database") ?? throw new ArgumentException("--database FILE (a SQLite database with vectors) is required");
        var folder = Value("--folder") ?? Path.Combine(Path.GetTempPath(), "dailypapers-catchup-bench");
        var precision = Enum.Parse<VectorPrecision>(Value("--precision") ?? "F16");
        var queries = int.Parse(Value("--queries") ?? "50", CultureInfo.InvariantCulture);
        var model = EmbeddingModel.Find(Value("--model") ?? "MiniLM");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        static bool Any(IReadOnlyDictionary<string, string> _) => true;
        // The app's column mapping (arxiv_id to ArxivId), as the node registers it at start.
        DapperSetup.EnsureRegistered();
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"catch-up from {database} into {folder}; load {QuantisedRecall.Load()}");

        var clock = Stopwatch.StartNew();
        var cpu = process.TotalProcessorTime;
        var cursor = ChangeCursor.Start;
        await using (var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly"))
        using (var index = VectorIndex.OpenFolder(folder, model.Dimensions, int.MaxValue, precision, Any))
        {
            await connection.OpenAsync();
            var applied = 0;
            bool more;
            do
            {
                await using var tx = connection.BeginTransaction(deferred: true);
                var (vectors, next, hasMore) = await EmbeddingStore.ReadChangesAsync(connection, tx, model.Name, cursor, PageSize, default);
                foreach (var v in vectors)
                {
                    index.Upsert(v.ArxivId, v.Vector, DateOnly.FromDateTime(v.PublishedAt).DayNumber,
                        v.Categories.Split(' ', StringSplitOptions.RemoveEmptyEntries), visible: !v.Hidden);
                }
                (cursor, more) = (next, hasMore);
                applied += vectors.Count;
                if (applied % 200_000 < PageSize)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {applied:N0} vectors, {clock.Elapsed.TotalSeconds:0} s, RSS {Rss(process)} MB"));
                }
            }
            while (more);
            process.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"catch-up: {applied:N0} vectors in {clock.Elapsed.TotalSeconds:0.0} s ({(process.TotalProcessorTime - cpu).TotalSeconds:0.0} s CPU); RSS {Rss(process)} MB; load {QuantisedRecall.Load()}"));

            var probes = index.Sample(queries, 16).Select(s => s.Vector).ToList();
            var exact = Latency.Measure(probes, q => index.Search(q, 100, SearchFilter.None), warmup: 3);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"exact search, 100 nearest of {index.VisibleCount:N0}: p50 {exact.P50:0} ms, p99 {exact.P99:0} ms, CPU {exact.CpuMean:0} ms a query; load {QuantisedRecall.Load()}"));
            if (args.Contains("--graph"))
            {
                clock.Restart();
                index.BuildHnsw();
                var graph = Latency.Measure(probes, q => index.Search(q, 100, SearchFilter.None));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"graph {precision} built in {clock.Elapsed.TotalSeconds:0} s; search p50 {graph.P50:0.0} ms, p99 {graph.P99:0.0} ms; RSS {Rss(process)} MB"));
            }
            clock.Restart();
            index.Save(new Dictionary<string, string> { ["bench"] = "1" });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"save: {clock.Elapsed.TotalSeconds:0.0} s, folder {Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length) >> 20} MB"));
        }
        clock.Restart();
        using (var index = VectorIndex.OpenFolder(folder, model.Dimensions, int.MaxValue, precision, Any))
        {
            var first = index.Search(index.Sample(1, 16)[0].Vector, 10, SearchFilter.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"second start from the saved folder: first search ({first.Count} hits, graph {(index.LoadedGraph ? "loaded" : "none")}) after {clock.Elapsed.TotalSeconds:0.0} s; {index.VisibleCount:N0} vectors; RSS {Rss(process)} MB"));
        }
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static long Rss(Process process)
    {
        process.Refresh();
        return process.WorkingSet64 >> 20;
    }
}
