using System.Diagnostics;
using System.Globalization;

namespace DailyPapers.Bench.Recommend;

/// <summary>
/// <c>recommend</c>: recommendation quality offline on the arxiv-daily papers, per recommendations.md. Authors as
/// readers, every ranking on the same readers in the same run, both variants (text only, with authors).
/// </summary>
internal static class RecommendBenchmark
{
    internal sealed record Options(string Data, string Vectors, DateOnly From, DateOnly To, int PerDay, int MinProfile, int Seed, string? Only, string Variants)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name) => EmbedArxivDaily.Arg(args, name);
            return new Options(
                Value("--data") ?? ArxivDaily.DefaultFolder,
                Value("--vectors") ?? PaperVectorFile.DefaultPath,
                DateOnly.Parse(Value("--from") ?? "2026-01-01", CultureInfo.InvariantCulture),
                DateOnly.Parse(Value("--to") ?? "2026-05-31", CultureInfo.InvariantCulture),
                int.Parse(Value("--readers-per-day") ?? "50", CultureInfo.InvariantCulture),
                int.Parse(Value("--min-profile") ?? "3", CultureInfo.InvariantCulture),
                int.Parse(Value("--seed") ?? "13", CultureInfo.InvariantCulture),
                Value("--only"),
                Value("--variants") ?? "text,authors");
        }
    }

    public static int Run(Options o, IEnumerable<Ranking> extra)
    {
        var clock = Stopwatch.StartNew();
        var papers = ArxivDaily.Load(o.Data);
        var vectors = new PaperVectorFile(o.Vectors, 384).Read();
        var readers = AuthorReaders.Choose(papers, o.From, o.To, o.PerDay, o.MinProfile, o.Seed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{papers.Count:N0} papers, {vectors.Count:N0} with vectors; {readers.Count:N0} readers over {readers.Select(r => r.Day).Distinct().Count()} Mondays " +
            $"{o.From:yyyy-MM-dd}..{o.To:yyyy-MM-dd} (authors with >= {o.MinProfile} papers before the day, {o.PerDay} a day at random, seed {o.Seed}); " +
            $"per reader: {readers.Average(r => r.Profile.Count):F1} profile papers, {readers.Average(r => r.Candidates.Count):F0} candidates, {readers.Average(r => r.Positives.Count):F2} positives"));
        var withoutVector = readers.SelectMany(r => r.Candidates.Concat(r.Profile)).Distinct().Count(i => !vectors.ContainsKey(papers[i].Id));
        if (withoutVector > 0)
        {
            Console.WriteLine($"warning: {withoutVector:N0} papers of the split have no vector yet (run embed-arxiv-daily)");
        }
        var rankings = BaselineRankings.All().Concat(extra)
            .Where(r => o.Only is null || o.Only.Split(',').Any(x => r.Name.Contains(x, StringComparison.OrdinalIgnoreCase))).ToList();
        foreach (var variant in new[] { Variant.TextOnly, Variant.WithAuthors }.Where(v => o.Variants.Contains(v == Variant.TextOnly ? "text" : "authors", StringComparison.Ordinal)))
        {
            var catalogue = new BenchCatalogue(papers, variant, vectors);
            Console.WriteLine();
            Console.WriteLine($"{(variant == Variant.TextOnly ? "text only" : "with authors")} ({catalogue.TfIdf.Dimensions:N0} tf-idf terms)");
            Console.WriteLine($"| ranking | nDCG@10 | recall@50 | seconds |");
            Console.WriteLine($"|---|---|---|---|");
            foreach (var ranking in rankings)
            {
                var started = clock.Elapsed;
                var ndcg = new double[readers.Count];
                var recall = new double[readers.Count];
                Parallel.For(0, readers.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
                {
                    var r = readers[k];
                    var scores = ranking.Score(catalogue, r);
                    var order = Enumerable.Range(0, r.Candidates.Count).OrderByDescending(j => scores[j]).ThenBy(j => r.Candidates[j])
                        .Select(j => r.Candidates[j]).ToList();
                    ndcg[k] = RankingMetrics.Ndcg(order, r.Positives, 10);
                    recall[k] = RankingMetrics.Recall(order, r.Positives, 50);
                });
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {ranking.Name} | {ndcg.Average():F3} | {recall.Average():F3} | {(clock.Elapsed - started).TotalSeconds:F0} |"));
            }
        }
        return 0;
    }
}
