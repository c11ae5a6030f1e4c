using System.Diagnostics;
using System.Globalization;
using DailyPapers.Search;
using DailyPapers.Search.Semantic;

namespace DailyPapers.SearchBench;

/// <summary>
/// A node's vector index at start: built from its vectors (what every start did before: add them all, build the
/// graph) against opened from the folder it saved (facts read, graph loaded). Time to first search and to the full
/// index, resident memory. The database's part (reading the vectors of the changes since the save) is not in it.
/// </summary>
internal static class SavedIndexStart
{
    public static int Run(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var size = int.Parse(Value("--size") ?? "100000", CultureInfo.InvariantCulture);
        var precision = Enum.Parse<VectorPrecision>(Value("--precision") ?? "F16");
        var folder = Value("--folder") ?? Path.Combine(Path.GetTempPath(), "dailypapers-saved-index-bench");
        var vectors = QuantisedRecall.Vectors(size, Value("--vectors") ?? QuantisedRecall.DefaultSource, out var query);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        static bool Any(IReadOnlyDictionary<string, string> _) => true;
        Console.WriteLine($"{size:N0} vectors, graph {precision}, folder {folder}; load {QuantisedRecall.Load()}");

        var clock = Stopwatch.StartNew();
        List<VectorHit> built;
        using (var index = VectorIndex.OpenFolder(folder, query.Length, int.MaxValue, precision, Any))
        {
            for (var i = 0; i < size; i++)
            {
                index.Upsert("p" + i.ToString(CultureInfo.InvariantCulture), vectors[i], 0, [], visible: true);
            }
            var added = clock.Elapsed.TotalSeconds;
            index.BuildHnsw();
            built = [.. index.Search(query, 10, SearchFilter.None)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"build: vectors added {added:0.0} s, graph built {clock.Elapsed.TotalSeconds:0.0} s (first graph search then); RSS {Rss()} MB"));
            clock.Restart();
            index.Save(new Dictionary<string, string> { ["bench"] = "1" });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"save: {clock.Elapsed.TotalSeconds:0.0} s, folder {FolderMb(folder)} MB"));
        }
        clock.Restart();
        using (var index = VectorIndex.OpenFolder(folder, query.Length, int.MaxValue, precision, Any))
        {
            var first = index.Search(query, 10, SearchFilter.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"open saved: first search (graph {(index.LoadedGraph ? "loaded" : "NOT loaded")}) {clock.Elapsed.TotalSeconds:0.00} s; same hits: {first.Select(h => h.Id).SequenceEqual(built.Select(h => h.Id))}; RSS {Rss()} MB"));
        }
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static long FolderMb(string folder) => Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length) >> 20;

    private static long Rss() => Environment.WorkingSet >> 20;
}
