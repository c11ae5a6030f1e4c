using System.Diagnostics;
using System.Globalization;
using DailyPapers.Search;
using DailyPapers.Search.Keyword;

namespace DailyPapers.SearchBench;

/// <summary>
/// The keyword side of a search alone, in this process, on a keyword index folder opened read-only (a running node
/// may be writing it: no write lock is taken, the last commit is read): fresh queries cut from papers of the node's
/// SQLite database as <c>http-latency</c> cuts them, each searched once for the hybrid's depth (100), one at a time.
/// Two rankers run side by side on the same reader files, query by query in alternating order: <c>base</c>, the
/// ranking with the common-word restriction off (main's query), and <c>branch</c>, the default ranking. Prints wall
/// p50/p90/p99 and CPU a query of each, how often the paper the query was cut from came first and in the top 10, how
/// much of the base's top 10 the branch kept, and how often the branch fell back to the full query.
/// </summary>
internal static class KeywordLatency
{
    private sealed class Arm(string name, KeywordIndex index)
    {
        public string Name { get; } = name;
        public KeywordIndex Index { get; } = index;
        public List<double> Wall { get; } = [];
        public double Cpu { get; set; }
        public int First { get; set; }
        public int Top10 { get; set; }
    }

    public static async Task<int> RunAsync(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var folder = Value("--index") ?? throw new ArgumentException("--index DIR (a keyword index folder) is required");
        var database = Value("--database") ?? throw new ArgumentException("--database FILE (the node's SQLite file) is required");
        var count = int.Parse(Value("--queries") ?? "200", CultureInfo.InvariantCulture);
        var seed = int.Parse(Value("--seed") ?? "16", CultureInfo.InvariantCulture);
        var top = int.Parse(Value("--top") ?? "100", CultureInfo.InvariantCulture);
        var kinds = (Value("--kind") ?? "title,topic").Split(',', StringSplitOptions.RemoveEmptyEntries);

        var random = new Random(seed);
        var papers = await HttpLatency.SampleAsync(database, (count + 20) * kinds.Length, random);
        var opened = Stopwatch.StartNew();
        using var baseIndex = KeywordIndex.OpenReadOnly(folder, new RankingWeights { CommonWordDocs = 0 });
        using var branchIndex = KeywordIndex.OpenReadOnly(folder);
        Console.WriteLine($"{papers.Count} papers drawn from {database}; index {folder}: {branchIndex.Count} papers, opened in {opened.ElapsedMilliseconds} ms; top {top}; load {QuantisedRecall.Load()}");
        Console.WriteLine($"branch: common words are those in more than {branchIndex.Weights.CommonWordShare:P1} of the papers and more than {branchIndex.Weights.CommonWordDocs} papers");
        var next = 0;
        foreach (var kind in kinds)
        {
            var queries = new List<(string Query, string Id)>();
            while (queries.Count < count + 10 && next < papers.Count)
            {
                var paper = papers[next++];
                if (HttpLatency.Cut(kind, (paper.Title, paper.Abstract), random) is { } q)
                {
                    queries.Add((q, paper.Id));
                }
            }
            var arms = new[] { new Arm("base", baseIndex), new Arm("branch", branchIndex) };
            // The first ten warm both (not timed).
            foreach (var (q, _) in queries.Take(10))
            {
                Array.ForEach(arms, a => a.Index.Search(SearchQuery.Parse(q), SearchFilter.None, top));
            }
            double kept = 0;
            var fellBack = 0;
            var timed = queries.Skip(10).ToList();
            for (var i = 0; i < timed.Count; i++)
            {
                var query = SearchQuery.Parse(timed[i].Query);
                var results = new Dictionary<string, KeywordResults>();
                foreach (var arm in i % 2 == 0 ? arms : arms.Reverse())
                {
                    var cpu = ThreadCpuTime();
                    var start = Stopwatch.GetTimestamp();
                    var found = arm.Index.Search(query, SearchFilter.None, top);
                    arm.Wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    arm.Cpu += ThreadCpuTime() - cpu;
                    results[arm.Name] = found;
                    var rank = found.Hits.Select(h => h.Id).ToList().IndexOf(timed[i].Id);
                    arm.First += rank == 0 ? 1 : 0;
                    arm.Top10 += rank is >= 0 and < 10 ? 1 : 0;
                }
                var baseTop = results["base"].Hits.Take(10).Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
                kept += baseTop.Count == 0 ? 1 : results["branch"].Hits.Take(10).Count(h => baseTop.Contains(h.Id)) / (double)baseTop.Count;
                fellBack += results["branch"].Total == results["base"].Total && results["base"].Total > 0 ? 1 : 0;
            }
            foreach (var arm in arms)
            {
                arm.Wall.Sort();
                Console.WriteLine(FormattableString.Invariant(
                    $"{kind,-6} {arm.Name,-6} {arm.Wall.Count} queries: p50 {Pct(arm.Wall, 0.5):F2} ms, p90 {Pct(arm.Wall, 0.9):F2} ms, p99 {Pct(arm.Wall, 0.99):F2} ms, CPU {arm.Cpu * 1000 / arm.Wall.Count:F2} ms a query; source paper first {arm.First}, in top 10 {arm.Top10}"));
            }
            Console.WriteLine(FormattableString.Invariant(
                $"{kind,-6} branch kept {kept / Math.Max(1, timed.Count):P1} of the base's top 10; same total as the base (unrestricted or fell back) {fellBack} of {timed.Count}; load {QuantisedRecall.Load()}"));
            Console.WriteLine($"       e.g. {string.Join(" | ", timed.Take(3).Select(t => t.Query))}");
        }
        return 0;
    }

    /// <summary>This thread's CPU seconds (/proc, 10 ms ticks: summed over many queries).</summary>
    private static double ThreadCpuTime()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
