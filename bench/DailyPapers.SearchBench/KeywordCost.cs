using System.Diagnostics;
using System.Globalization;
using DailyPapers.Search;
using DailyPapers.Search.Keyword;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace DailyPapers.SearchBench;

/// <summary>
/// Where a keyword query's time goes (diagnostic): for fresh queries of a kind, the wall time (best of three) of
/// the full ranking query, its plain words alone, the common-word restricted query, the short-query clauses
/// alone, the papers holding every word counted, and the full and restricted queries staged (every word required),
/// with the thread's CPU a query (mean of three runs, summed over the queries).
/// </summary>
internal static class KeywordCost
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var folder = Value("--index") ?? throw new ArgumentException("--index DIR is required");
        var database = Value("--database") ?? throw new ArgumentException("--database FILE is required");
        var count = int.Parse(Value("--queries") ?? "20", CultureInfo.InvariantCulture);
        var kind = Value("--kind") ?? "topic";
        var random = new Random(int.Parse(Value("--seed") ?? "16", CultureInfo.InvariantCulture));
        var papers = await HttpLatency.SampleAsync(database, count + 20, random);
        var weights = new RankingWeights();
        using var directory = FSDirectory.Open(folder);
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader) { Similarity = new KeywordSimilarity(KeywordIndex.K1, KeywordIndex.B, weights) };
        using var analyzer = SearchAnalyzers.Create();
        var sums = new double[7];
        var n = 0;
        foreach (var paper in papers)
        {
            if (n == count || HttpLatency.Cut(kind, (paper.Title, paper.Abstract), random) is not { } text)
            {
                continue;
            }
            var query = SearchQuery.Parse(text);
            var full = KeywordQueryBuilder.Build(query, analyzer, weights);
            var words = KeywordQueryBuilder.Build(query, analyzer, RankingWeights.None);
            var restricted = KeywordQueryBuilder.Build(query, analyzer, weights, 0, reader, out var isRestricted);
            var clauses = KeywordQueryBuilder.Build(query, analyzer, weights) as BooleanQuery;
            if (full is null || words is null || clauses is null)
            {
                continue;
            }
            var shortOnly = new BooleanQuery(disableCoord: true);
            foreach (var c in clauses.Clauses.Skip(((BooleanQuery)words).Clauses.Count))
            {
                shortOnly.Add(c);
            }
            var every = new BooleanQuery(disableCoord: true);
            foreach (var c in ((BooleanQuery)words).Clauses)
            {
                every.Add(c.Query, Occur.MUST);
            }
            var stagedFull = new BooleanQuery(disableCoord: true) { { full, Occur.MUST }, { new ConstantScoreQuery(every) { Boost = 0 }, Occur.MUST } };
            var stagedRestricted = new BooleanQuery(disableCoord: true) { { restricted!, Occur.MUST }, { new ConstantScoreQuery(every) { Boost = 0 }, Occur.MUST } };
            var queries = new Query[] { full, words, restricted!, shortOnly, new ConstantScoreQuery(every), stagedFull, stagedRestricted };
            var line = new List<string>();
            for (var i = 0; i < queries.Length; i++)
            {
                var best = double.MaxValue;
                TopDocs? docs = null;
                var cpu = ThreadCpu();
                for (var r = 0; r < 3; r++)
                {
                    var start = Stopwatch.GetTimestamp();
                    docs = searcher.Search(queries[i], 100);
                    best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                sums[i] += (ThreadCpu() - cpu) / 3;
                line.Add(FormattableString.Invariant($"{best,7:F1} ms ({docs!.TotalHits})"));
            }
            n++;
            Console.WriteLine($"{string.Join(" ", line)} {(isRestricted ? "R" : "-")} {text}");
        }
        Console.WriteLine(FormattableString.Invariant(
            $"CPU a query, mean of {n}: full {sums[0] / n:F1}, words {sums[1] / n:F1}, restricted {sums[2] / n:F1}, short clauses {sums[3] / n:F1}, every word {sums[4] / n:F1}, staged full {sums[5] / n:F1}, staged restricted {sums[6] / n:F1} ms; load {QuantisedRecall.Load()}"));
        return 0;
    }

    /// <summary>This thread's CPU milliseconds (/proc, 10 ms ticks: summed over many queries).</summary>
    private static double ThreadCpu()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }
}
