using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DailyPapers.Search;
using DailyPapers.Search.Sync;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Bench.Scale;

/// <summary>
/// A new node's start, as <see cref="SearchIndexSync"/> runs it, into an empty folder: from the database alone, or
/// seeded from a snapshot (<c>--snapshot DIR</c>, the node's <c>Search:SnapshotPath</c>). Prints when a search first
/// finds papers, when the indexes have caught up with the database, when the HNSW graph is in use, the process's CPU
/// time, and a digest of the top 10 of 20 queries (equal digests: the same results).
/// </summary>
internal static class SeedStartCommand
{
    private static readonly string[] Queries =
    [
        "neural network", "quantum entanglement", "dark matter halo", "graph neural networks", "language model", "black hole", "reinforcement learning",
        "protein folding", "galaxy cluster", "topological insulator", "image segmentation", "gravitational waves", "bayesian inference", "superconductivity",
        "diffusion model", "cosmic microwave background", "machine translation", "spin glass", "convex optimization", "string theory",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var database = Value("--database") ?? throw new ArgumentException("--database FILE (a SQLite database with papers) is required");
        var folder = Path.GetFullPath(Value("--folder") ?? throw new ArgumentException("--folder DIR (emptied first) is required"));
        var snapshot = Value("--snapshot");
        var graphWait = TimeSpan.FromSeconds(double.Parse(Value("--graph-timeout") ?? "3600", CultureInfo.InvariantCulture));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        var settings = new Dictionary<string, string?>
        {
            ["Search:IndexPath"] = folder,
            ["Search:VectorPath"] = Path.Combine(folder, "vectors"),
            ["Search:EmbedInBackground"] = "false",
            ["Search:SnapshotPath"] = snapshot is null ? "" : Path.GetFullPath(snapshot),
        };
        Console.WriteLine($"new node from {database} into {folder}, {(snapshot is null ? "built from the database" : $"seeded from {snapshot}")}; load {Load()}");
        using var process = Process.GetCurrentProcess();
        return await BenchServices.WithServicesAsync((DatabaseProvider.Sqlite, $"Data Source={database}"), async services =>
        {
            var sync = services.GetRequiredService<SearchIndexSync>();
            var indexes = services.GetRequiredService<SearchIndexes>();
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            // On a thread of its own: on SQLite the catch-up may not yield until it is done.
            var catchUp = Task.Run(() => sync.SyncAsync(CancellationToken.None));
            double? firstSearch = null;
            while (!catchUp.IsCompleted)
            {
                if (firstSearch is null && indexes.Keyword is { Count: > 0 })
                {
                    firstSearch = clock.Elapsed.TotalSeconds;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first search finds papers: {firstSearch:0.0} s ({indexes.Keyword.Count:N0} papers searchable)"));
                }
                await Task.WhenAny(catchUp, Task.Delay(100));
            }
            var applied = await catchUp;
            var ready = clock.Elapsed.TotalSeconds;
            firstSearch ??= ready;
            process.Refresh();
            var readyCpu = (process.TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"caught up: {ready:0.0} s, {readyCpu:0.0} s CPU; {indexes.Keyword!.Count:N0} papers, {indexes.Vectors.VisibleCount:N0} vectors; {applied:N0} changes read from the database; seeded: {indexes.Seeded}; graph loaded: {indexes.Vectors.LoadedGraph}"));
            while ((indexes.Vectors.BuildingHnsw || (!indexes.Vectors.UsesHnsw && indexes.Vectors.VisibleCount >= 20_000)) && clock.Elapsed < graphWait)
            {
                await Task.Delay(500);
            }
            process.Refresh();
            var total = (process.TotalProcessorTime - cpu).TotalSeconds;
            var bytes = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"full index (graph {(indexes.Vectors.UsesHnsw ? "in use" : "NOT built")}): {clock.Elapsed.TotalSeconds:0.0} s wall, {total:0.0} s CPU; first search {firstSearch:0.0} s; " +
                $"peak RSS {process.PeakWorkingSet64 >> 20} MB; folders {bytes >> 20} MB; results digest {Digest(indexes)}; load {Load()}"));
            return 0;
        }, settings);
    }

    /// <summary>A hash of the top 10 ids of every query, keyword and vector (the vector query: the first hit's own vector).</summary>
    private static string Digest(SearchIndexes indexes)
    {
        var text = new StringBuilder();
        foreach (var query in Queries)
        {
            var hits = indexes.Keyword!.Search(SearchQuery.Parse(query), SearchFilter.None, 10).Hits;
            text.AppendJoin(',', hits.Select(h => h.Id)).Append(';');
            if (hits.Count > 0 && indexes.Vectors.GetVector(hits[0].Id) is { } vector)
            {
                text.AppendJoin(',', indexes.Vectors.Search(vector, 10, SearchFilter.None).Select(h => h.Id)).Append('\n');
            }
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
