using System.Diagnostics;
using System.Globalization;
using DailyPapers.Search;
using DailyPapers.Search.Keyword;

namespace DailyPapers.SearchBench;

/// <summary>
/// The keyword side of a search alone, in this process, on a keyword index folder opened read-only (a running node
/// may be writing it: no write lock is taken, the last commit is read): fresh queries cut from papers of the node's
/// SQLite database as <c>http-latency</c> cuts them (and <c>known</c>: a whole title), each searched once for the
/// hybrid's depth (100), one at a time. Two rankers run side by side on the same reader files, query by query in
/// alternating order: <c>base</c>, main's ranking (<c>--base nocommon</c>: without the common-word restriction; <c>--base exhaustive</c>: every matching paper scored, no top-k pruning; <c>--base lucene-mmap</c>: the files read through Lucene.Net's MMapDirectory; <c>--base lucene-disjunctions</c>: optional disjunctions scored by Lucene's own scorer; <c>--base none-may-miss</c>: too few papers holding every common word ranked unrestricted at once, not all but one first), and
/// <c>branch</c>, the defaults (<c>--parallel</c>: segments scored in parallel on the thread pool; <c>--query-threads N</c>: each search's papers split into N ranges scored at once); with <c>--base-index DIR</c>
/// the base reads another folder (two builds of the same papers: what their segments cost a search). Prints wall p50/p90/p99 and the process's CPU a query of each, how often
/// the paper the query was cut from came first and in the top 10, how much of the base's top 10 the branch kept (and
/// in the same order), and how often the branch ended with the base's total (<c>--slowest N</c>: the N queries the branch took longest on,
/// with the base's time); with <c>--threads N</c>, the queries/s
/// of each with N searches at a time.
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
        var threads = int.Parse(Value("--threads") ?? "0", CultureInfo.InvariantCulture);
        var kinds = (Value("--kind") ?? "title,topic").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var baseWeights = Value("--base") == "nocommon" ? new RankingWeights { CommonWordDocs = 0 } : new RankingWeights();
        // --base-index DIR: the base searches another folder (two builds of the same papers, e.g. two merge policies).
        var baseFolder = Value("--base-index") ?? folder;
        var branchWeights = new RankingWeights();
        var parallel = args.Contains("--parallel");
        // --query-threads N: the branch splits a search into N ranges of papers scored at once (Search:QueryThreads; the base uses one).
        var queryThreads = int.Parse(Value("--query-threads") ?? "1", CultureInfo.InvariantCulture);
        var showDifferences = args.Contains("--diff"); // prints each ranking whose scores differ from the base's
        var slowest = int.Parse(Value("--slowest") ?? "0", CultureInfo.InvariantCulture); // prints the N queries the branch took longest on

        var random = new Random(seed);
        var papers = await HttpLatency.SampleAsync(database, (count + 20) * kinds.Length, random);
        var opened = Stopwatch.StartNew();
        // --base lucene-mmap: main's ranking read through Lucene.Net's MMapDirectory instead of MappedDirectory.
        using var baseIndex = KeywordIndex.OpenReadOnly(baseFolder, baseWeights, luceneMaps: Value("--base") == "lucene-mmap");
        // --base exhaustive: main's ranking with every matching paper scored by Lucene (TopScoring off).
        baseIndex.Exhaustive = Value("--base") == "exhaustive";
        // --base lucene-disjunctions: main's ranking with optional disjunctions scored by Lucene's scorer (before DisjunctionAtDoc).
        baseIndex.Baseline.LuceneDisjunctions = Value("--base") == "lucene-disjunctions";
        // --base none-may-miss: too few papers holding every common word go straight to the unrestricted ranking.
        baseIndex.Baseline.NoneMayMiss = Value("--base") == "none-may-miss";
        using var branchIndex = KeywordIndex.OpenReadOnly(folder, branchWeights, parallel ? TaskScheduler.Default : null);
        branchIndex.Split.Threads = queryThreads;
        Console.WriteLine($"{papers.Count} papers drawn from {database}; index {folder}: {branchIndex.Count} papers, opened in {opened.ElapsedMilliseconds} ms; top {top}; load {QuantisedRecall.Load()}");
        Console.WriteLine($"base: {baseWeights}{(baseIndex.Exhaustive ? "; every match scored (exhaustive)" : "")}{(baseFolder == folder ? "" : $"; index {baseFolder}: {baseIndex.Count} papers")}");
        Console.WriteLine($"branch: {branchWeights}; segments {(parallel ? "in parallel" : "one after the other")}; {queryThreads} thread(s) a search");
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
            int fellBack = 0, sameOrder = 0, sameScores = 0;
            var timed = queries.Skip(10).ToList();
            var times = new List<(double Branch, double Base, string Query, int Total)>();
            for (var i = 0; i < timed.Count; i++)
            {
                var query = SearchQuery.Parse(timed[i].Query);
                var results = new Dictionary<string, KeywordResults>();
                foreach (var arm in i % 2 == 0 ? arms : arms.Reverse())
                {
                    var cpu = ProcessCpuTime();
                    var start = Stopwatch.GetTimestamp();
                    var found = arm.Index.Search(query, SearchFilter.None, top);
                    arm.Wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    arm.Cpu += ProcessCpuTime() - cpu;
                    results[arm.Name] = found;
                    var rank = found.Hits.Select(h => h.Id).ToList().IndexOf(timed[i].Id);
                    arm.First += rank == 0 ? 1 : 0;
                    arm.Top10 += rank is >= 0 and < 10 ? 1 : 0;
                }
                times.Add((arms[1].Wall[^1], arms[0].Wall[^1], timed[i].Query, results["base"].Total));
                var baseTop = results["base"].Hits.Take(10).Select(h => h.Id).ToList();
                var branchTop = results["branch"].Hits.Take(10).Select(h => h.Id).ToList();
                kept += baseTop.Count == 0 ? 1 : branchTop.Count(baseTop.Contains) / (double)baseTop.Count;
                sameOrder += baseTop.SequenceEqual(branchTop) ? 1 : 0;
                // Papers of equal score (the corpus's copies) may come in either order: the same score at every rank is the same ranking.
                var sameScoresHere = results["base"].Hits.Count == results["branch"].Hits.Count
                    && results["base"].Hits.Zip(results["branch"].Hits).All(p => Math.Abs(p.First.Score - p.Second.Score) <= 1e-5f * Math.Abs(p.First.Score));
                sameScores += sameScoresHere ? 1 : 0;
                if (showDifferences && !sameScoresHere)
                {
                    Console.WriteLine($"DIFF {timed[i].Query} totals {results["base"].Total} {results["branch"].Total}");
                    // From a little before the first rank whose scores differ.
                    var from = Math.Max(0, results["base"].Hits.Zip(results["branch"].Hits).TakeWhile(p => Math.Abs(p.First.Score - p.Second.Score) <= 1e-5f * Math.Abs(p.First.Score)).Count() - 2);
                    Console.WriteLine($"  from rank {from + 1}; {results["base"].Hits.Count} and {results["branch"].Hits.Count} hits");
                    Console.WriteLine("  base   " + string.Join(" ", results["base"].Hits.Skip(from).Take(8).Select(h => FormattableString.Invariant($"{h.Id}:{h.Score:R}"))));
                    Console.WriteLine("  branch " + string.Join(" ", results["branch"].Hits.Skip(from).Take(8).Select(h => FormattableString.Invariant($"{h.Id}:{h.Score:R}"))));
                }
                fellBack += results["branch"].Total == results["base"].Total && results["base"].Total > 0 ? 1 : 0;
            }
            foreach (var (branchMs, baseMs, q, total) in times.OrderByDescending(t => t.Branch).Take(slowest))
            {
                Console.WriteLine(FormattableString.Invariant($"       slow: branch {branchMs:F1} ms, base {baseMs:F1} ms, {total} matches: {q}"));
            }
            foreach (var arm in arms)
            {
                arm.Wall.Sort();
                Console.WriteLine(FormattableString.Invariant(
                    $"{kind,-6} {arm.Name,-6} {arm.Wall.Count} queries: p50 {Pct(arm.Wall, 0.5):F2} ms, p90 {Pct(arm.Wall, 0.9):F2} ms, p99 {Pct(arm.Wall, 0.99):F2} ms, CPU {arm.Cpu * 1000 / arm.Wall.Count:F2} ms a query; source paper first {arm.First}, in top 10 {arm.Top10}"));
            }
            Console.WriteLine(FormattableString.Invariant(
                $"{kind,-6} branch kept {kept / Math.Max(1, timed.Count):P1} of the base's top 10 (the same ten in the same order: {sameOrder}); the same score at every rank of the {top}: {sameScores}; same total as the base {fellBack} of {timed.Count}; load {QuantisedRecall.Load()}"));
            Console.WriteLine($"       e.g. {string.Join(" | ", timed.Take(3).Select(t => t.Query))}");
            if (threads > 1)
            {
                // Base, branch, branch, base: each measured once before and once after the other.
                var rates = new Dictionary<string, List<double>> { ["base"] = [], ["branch"] = [] };
                foreach (var arm in new[] { arms[0], arms[1], arms[1], arms[0] })
                {
                    rates[arm.Name].Add(Throughput(arm.Index, timed.Select(t => t.Query).ToList(), threads, top));
                }
                Console.WriteLine(FormattableString.Invariant(
                    $"{kind,-6} {threads} at a time: base {rates["base"][0]:F2} / {rates["base"][1]:F2} queries/s, branch {rates["branch"][0]:F2} / {rates["branch"][1]:F2} queries/s; load {QuantisedRecall.Load()}"));
            }
        }
        return 0;
    }

    /// <summary>Queries/s with <paramref name="threads"/> threads taking the queries in turn until all are searched.</summary>
    private static double Throughput(KeywordIndex index, List<string> queries, int threads, int top)
    {
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            for (var i = Interlocked.Increment(ref next); i < queries.Count; i = Interlocked.Increment(ref next))
            {
                index.Search(SearchQuery.Parse(queries[i]), SearchFilter.None, top);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return queries.Count / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>This process's CPU seconds, every thread's (/proc, 10 ms ticks: summed over many queries); one search runs at a time.</summary>
    private static double ProcessCpuTime()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
