using System.Diagnostics;
using System.Globalization;
using DailyPapers.Search.Keyword;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace DailyPapers.SearchBench;

/// <summary>
/// A keyword index folder merged down to at most N segments (Lucene's forced merge), in place: wall time, CPU, peak
/// resident memory, bytes before and after. Run on a copy: a node must not hold the folder.
/// </summary>
internal static class KeywordMerge
{
    public static int Run(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var folder = Value("--index") ?? throw new ArgumentException("--index DIR is required");
        var segments = int.Parse(Value("--segments") ?? "1", CultureInfo.InvariantCulture);
        using var process = Process.GetCurrentProcess();
        var clock = Stopwatch.StartNew();
        var cpu = process.TotalProcessorTime;
        long Bytes() => new DirectoryInfo(folder).EnumerateFiles().Sum(f => f.Length);
        using var directory = FSDirectory.Open(folder);
        var before = (Segments: SegmentInfos(directory), Bytes: Bytes());
        using (var analyzer = SearchAnalyzers.Create())
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzers.Version, analyzer) { OpenMode = OpenMode.APPEND, MergeScheduler = KeywordMerges.Scheduler() }))
        {
            writer.ForceMerge(segments);
            writer.Commit();
        }
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"merged {before.Segments} segments ({before.Bytes / 1e6:N0} MB) into {SegmentInfos(directory)} ({Bytes() / 1e6:N0} MB) in {clock.Elapsed.TotalSeconds:0.0} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:0.0} s CPU; peak RSS {process.PeakWorkingSet64 / 1e6:N0} MB"));
        return 0;
    }

    private static int SegmentInfos(Lucene.Net.Store.Directory directory)
    {
        var infos = new Lucene.Net.Index.SegmentInfos();
        infos.Read(directory);
        return infos.Count;
    }
}
