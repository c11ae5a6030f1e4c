using System.Diagnostics;
using System.Globalization;
using DailyPapers.Search;
using DailyPapers.Search.Keyword;
using DailyPapers.Search.Sync;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Bench.Scale;

/// <summary>
/// A node's keyword index built from scratch from a database, as the node does it at start
/// (<see cref="SearchIndexSync"/>: the change feed in pages, committed with its position): wall time, this
/// process's CPU time (user + system), peak resident memory and the index's size. <c>--set Search:Key=value</c>
/// passes settings (threads, commit interval) to the node's code. <c>--queries FILE --results FILE</c> then writes each
/// query's top 10 (ids and scores) and their highlighted titles and snippets, to compare two builds' indexes.
/// After the node's services are closed (the writer waits for its merges), the CPU time and size are printed again.
/// </summary>
internal static class KeywordBuildCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var database = Value("--database") ?? throw new ArgumentException("--database FILE (a SQLite database with papers) is required");
        var folder = Path.GetFullPath(Value("--folder") ?? Path.Combine(Path.GetTempPath(), "dailypapers-keyword-build"));
        var settings = new Dictionary<string, string?>
        {
            ["Search:IndexPath"] = folder,
            ["Search:VectorPath"] = Path.Combine(folder, "vectors"),
            ["Search:EmbedInBackground"] = "false",
        };
        foreach (var pair in args.Select((a, i) => (a, i)).Where(x => x.a == "--set").Select(x => args[x.i + 1].Split('=', 2)))
        {
            settings[pair[0]] = pair[1];
        }
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"keyword index from {database} into {folder} ({string.Join(", ", settings.Skip(3).Select(s => $"{s.Key}={s.Value}"))}); load {Load()}");
        var result = await BenchServices.WithServicesAsync((DatabaseProvider.Sqlite, $"Data Source={database}"), async services =>
        {
            var sync = services.GetRequiredService<SearchIndexSync>();
            var indexes = services.GetRequiredService<SearchIndexes>();
            await indexes.OpenAsync(CancellationToken.None);
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var applied = await sync.SyncAsync(CancellationToken.None);
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            var seconds = (process.TotalProcessorTime - cpu).TotalSeconds;
            var bytes = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"built: {indexes.Keyword!.Count:N0} papers ({applied:N0} changes) in {wall:0.0} s wall, {seconds:0.0} s CPU ({seconds / wall:0.00} cores), " +
                $"{seconds * 1000 / Math.Max(1, applied):0.000} ms CPU a paper; peak RSS {process.PeakWorkingSet64 >> 20} MB; index {bytes >> 20} MB; load {Load()}"));
            // Merged down after the backlog (Search:MergeAfterBacklog): its merge runs on, and the next sync commits it.
            clock.Restart();
            cpu = process.TotalProcessorTime;
            indexes.Keyword!.Writer.WaitForMerges();
            await sync.SyncAsync(CancellationToken.None);
            process.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"merges finished and committed: {clock.Elapsed.TotalSeconds:0.0} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:0.0} s CPU; " +
                $"{Directory.EnumerateFiles(folder, "*.si").Count()} segments; index {Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length) >> 20} MB; peak RSS {process.PeakWorkingSet64 >> 20} MB"));
            if (Value("--queries") is { } queries && Value("--results") is { } results)
            {
                WriteResults(indexes.Keyword!, File.ReadAllLines(queries).Where(q => q.Length > 0), results);
            }
            return 0;
        }, settings);
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"closed: {process.TotalProcessorTime.TotalSeconds:0.0} s CPU in all (start included); index {Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length) >> 20} MB"));
        return result;
    }

    /// <summary>Each query, its top 10 (score, id; equal scores by id) and their highlights, one line each.</summary>
    private static void WriteResults(KeywordIndex index, IEnumerable<string> queries, string path)
    {
        using var output = new StreamWriter(path);
        foreach (var text in queries)
        {
            var query = SearchQuery.Parse(text);
            var hits = index.Search(query, SearchFilter.None, 10).Hits.OrderByDescending(h => h.Score).ThenBy(h => h.Id, StringComparer.Ordinal).ToList();
            var highlights = index.Highlight(query, hits.Select(h => h.Id));
            output.WriteLine($"Q {text}");
            foreach (var hit in hits)
            {
                var h = highlights[hit.Id];
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {hit.Score:0.000000} {hit.Id}\n    {h.TitleHtml}\n    {h.SnippetHtml}"));
            }
        }
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
