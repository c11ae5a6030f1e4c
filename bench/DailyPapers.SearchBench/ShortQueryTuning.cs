using DailyPapers.Search.Eval;
using DailyPapers.Search.Hybrid;
using DailyPapers.Search.Keyword;
using DailyPapers.Search.Semantic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace DailyPapers.SearchBench;

/// <summary>
/// Grid over the short-query clauses (<see cref="RankingWeights"/>) and the query-kind fusion settings, scored on
/// the TRAIN halves of the generated sets (and a BEIR folder's train judgements, when it has them). Never reads a
/// test half: the README reports test halves only for the settings chosen here.
/// </summary>
internal static class ShortQueryTuning
{
    public static int Run(string[] args)
    {
        var folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "../shared/data/scifact";
        var cache = Value(args, "--cache") ?? "data/eval-cache";
        var count = int.Parse(Value(args, "--queries") ?? "1000", System.Globalization.CultureInfo.InvariantCulture);
        var seed = int.Parse(Value(args, "--seed") ?? "17", System.Globalization.CultureInfo.InvariantCulture);
        var sample = Value(args, "--sample") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
        var grid = Value(args, "--grid") ?? "weights";
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true)
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        BeirFolder? beir = null;
        IReadOnlyList<BeirDocument> corpus;
        string key;
        if (ArxivDailyFolder.Matches(folder))
        {
            (corpus, key) = ArxivDailyFolder.Read(folder, sample, seed);
        }
        else
        {
            beir = BeirFolder.Read(folder, "train");
            (corpus, key) = (beir.Corpus, beir.CorpusKey);
        }
        var sets = QuerySets.Generate(corpus, count, seed)
            .Select(set => set with { Queries = set.Queries.Where(q => q.Train).ToList() }).ToList();
        var embedder = new TextEmbedder(EmbeddingModel.MiniLM);
        var known = Value(args, "--vectors") is { } file ? VectorFile.Read(file, embedder.Model.Dimensions) : null;
        var vectors = new CorpusEmbeddingCache(cache, logs.CreateLogger("tune")).Load(embedder, key, corpus, CancellationToken.None, known);
        using var queryVectors = new QueryEmbeddingCache(embedder);
        Console.WriteLine($"{Path.GetFileName(Path.GetFullPath(folder))}: {corpus.Count} documents, train halves only; columns: hybrid success@1 / MRR@10 per set (two-words: precision@1), then judged nDCG@10");
        Console.WriteLine($"{"setting",-48} " + string.Join(" ", sets.Select(x => $"{x.Name,13}")) + (beir is null ? "" : "  judged"));
        var fusion = new FusionOptions();
        if (Value(args, "--explain") is { } explain)
        {
            Explain(corpus, embedder, vectors, queryVectors, sets.Single(x => x.Name == explain), fusion);
            return 0;
        }
        foreach (var (label, weights, fusions) in Grid(grid, fusion))
        {
            using var index = SearchEvaluation.Build(corpus, embedder, vectors, new SearchEvaluation.Knobs { Weights = weights }, queryVectors);
            var runs = EvaluationRuns.Run(index, beir, sets);
            foreach (var (fusionLabel, f) in fusions)
            {
                var report = runs.Report(f, "train");
                Console.WriteLine($"{label + " " + fusionLabel,-48} " + string.Join(" ", report.Sets.Select(r => $"{r.Hybrid.Success1,6:0.000}/{r.Hybrid.Mrr10,6:0.000}"))
                    + (report.Hybrid is { } h ? $"  {h.Ndcg10:0.0000}" : ""));
                if (fusionLabel == fusions[0].Label)
                {
                    Console.WriteLine($"{"  (keyword alone)",-48} " + string.Join(" ", report.Sets.Select(r => $"{r.Keyword.Success1,6:0.000}/{r.Keyword.Mrr10,6:0.000}"))
                        + (report.Keyword is { } k ? $"  {k.Ndcg10:0.0000}" : ""));
                }
            }
        }
        return 0;
    }

    private static IEnumerable<(string Label, RankingWeights Weights, List<(string Label, FusionOptions Fusion)> Fusions)> Grid(string grid, FusionOptions baseline)
    {
        var before = baseline.With(f => { f.ShortQueryWords = 0; });
        var fusions = new List<(string, FusionOptions)>
        {
            ("| today's fusion", before),
            ("| default", baseline),
        };
        if (grid == "length")
        {
            fusions.Add(("| short fusion ≤ 4", baseline.With(f => f.ShortQueryWords = 4)));
            fusions.Add(("| short fusion ≤ 3", baseline.With(f => f.ShortQueryWords = 3)));
            var w = new RankingWeights();
            yield return ("no clauses (before)", RankingWeights.None, fusions.Take(1).ToList());
            foreach (var words in new[] { 8, 6, 5, 4 })
            {
                yield return ($"clauses ≤ {words} words", w with { ShortQueryWords = words }, fusions);
            }
            yield break;
        }
        if (grid == "lead")
        {
            foreach (var lead in new[] { 0, 1.05, 1.1, 1.2 })
            {
                foreach (var names in new[] { 0.2, 0.1, 0.05, 0 })
                {
                    fusions.Add(($"| lead {lead:0.00} names {names:0.00}", baseline.With(f => { f.KeywordLead = lead; f.NameVectorWeight = names; })));
                }
            }
            yield return ("default clauses", new RankingWeights(), fusions);
            yield return ("no long title phrase", new RankingWeights { LongTitlePhrase = false }, fusions);
            yield break;
        }
        if (grid == "skip")
        {
            // Short queries a title holds, ranked by their words alone (no query embedding), by how clearly the title leads.
            foreach (var lead in new[] { 0, 1, 1.05, 1.1, 1.2, 1.5 })
            {
                fusions.Add(($"| title keyword-only {lead:0.00}", baseline.With(f => f.ShortTitleKeywordOnly = lead)));
            }
            yield return ("default clauses", new RankingWeights(), fusions);
            yield break;
        }
        if (grid == "common")
        {
            // The common-word restriction at a share of the corpus, with no floor (the default floor of 5,000 papers leaves
            // corpora this small as they are): what it would cost at 2.8 M papers, where 1 % is 28,000.
            yield return ("common words off", new RankingWeights { CommonWordDocs = 0 }, fusions);
            foreach (var share in new[] { 0.005f, 0.01f, 0.02f, 0.05f })
            {
                yield return ($"common words > {share:P1}", new RankingWeights { CommonWordDocs = 1, CommonWordShare = share }, fusions);
            }
            yield break;
        }
        if (grid == "gate")
        {
            fusions.Add(("| lead 0", baseline.With(f => f.KeywordLead = 0)));
            foreach (var gate in new[] { 0.5, 0.7, 0.8, 0.9, 0.95, 1.0 })
            {
                fusions.Add(($"| gate {gate:0.00}", baseline.With(f => f.ShortKeywordGate = gate)));
            }
            yield return ("default clauses", new RankingWeights(), fusions);
            yield break;
        }
        if (grid == "fusion")
        {
            foreach (var w in new[] { 0.1, 0.2, 0.3, 0.4, 0.5 })
            {
                foreach (var norm in new[] { ScoreNormalization.Max, ScoreNormalization.MinMax })
                {
                    foreach (var words in new[] { 2, 4, 6 })
                    {
                        fusions.Add(($"| w {w:0.0} {norm} ≤{words}", baseline.With(f => { f.ShortVectorWeight = w; f.ShortKeywordNormalization = norm; f.ShortQueryWords = words; })));
                    }
                }
            }
            yield return ("default clauses", new RankingWeights(), fusions);
            yield break;
        }
        yield return ("no clauses (before)", RankingWeights.None, fusions);
        var d = new RankingWeights();
        yield return ("default clauses", d, fusions);
        foreach (var variant in new (string, RankingWeights)[]
        {
            ("title 0.5", d with { Title = 0.5f }), ("title 2", d with { Title = 2f }),
            ("title exact 0", d with { TitleExact = 0 }), ("title exact 1", d with { TitleExact = 1f }),
            ("phrase 0.5", d with { TitlePhrase = 0.5f }), ("phrase 2", d with { TitlePhrase = 2f }),
            ("proximity 0", d with { Proximity = 0 }), ("proximity 1", d with { Proximity = 1f }),
            ("exact 0", d with { Exact = 0 }), ("exact 1", d with { Exact = 1f }),
            ("author 0", d with { Author = 0 }), ("author 2", d with { Author = 2f }),
            ("title b 0.4", d with { TitleB = 0.4f }), ("title b 0.9", d with { TitleB = 0.9f }),
            ("short ≤ 4 words", d with { ShortQueryWords = 4 }), ("short ≤ 12 words", d with { ShortQueryWords = 12 }),
        })
        {
            yield return (variant.Item1, variant.Item2, fusions.Take(2).ToList());
        }
    }

    /// <summary>The train queries of one set where keyword and hybrid disagree on the first result, with both rankings' tops.</summary>
    private static void Explain(IReadOnlyList<BeirDocument> corpus, TextEmbedder embedder, IReadOnlyDictionary<string, float[]> vectors,
        QueryEmbeddingCache queryVectors, QuerySet set, FusionOptions fusion)
    {
        using var index = SearchEvaluation.Build(corpus, embedder, vectors, new SearchEvaluation.Knobs(), queryVectors);
        var runs = index.Run(set.Queries.Select(q => q.Text));
        var titles = corpus.ToDictionary(d => d.Id, d => d.Title, StringComparer.Ordinal);
        string Show(string id) => $"{id} {(titles.TryGetValue(id, out var t) ? t[..Math.Min(60, t.Length)] : "")}";
        foreach (var (ranked, query) in runs.Queries.Zip(set.Queries))
        {
            var hybrid = HybridRanker.Fuse(ranked.Query, ranked.Keyword, ranked.Vector, fusion, ranked.NamesAuthor, ranked.TitleHoldsQuery);
            var keywordRank = ranked.Keyword.Select(h => h.Id).ToList().FindIndex(query.Targets.Contains);
            var hybridRank = hybrid.Select(h => h.Id).ToList().FindIndex(query.Targets.Contains);
            int Rank(int r) => r < 0 || r >= 10 ? 11 : r + 1;
            if (Rank(keywordRank) == Rank(hybridRank))
            {
                continue;
            }
            Console.WriteLine($"{(Rank(keywordRank) < Rank(hybridRank) ? "KEYWORD" : "HYBRID")} better ({Rank(keywordRank)} vs {Rank(hybridRank)}): \"{query.Text}\" -> {Show(query.Targets[0])}");
            Console.WriteLine("  keyword: " + string.Join(" | ", ranked.Keyword.Take(3).Select(h => $"{h.Score:0.00} {Show(h.Id)}")));
            Console.WriteLine("  vector:  " + string.Join(" | ", ranked.Vector.Take(3).Select(h => $"{h.Score:0.000} {Show(h.Id)}")));
            Console.WriteLine("  hybrid:  " + string.Join(" | ", hybrid.Take(3).Select(h => $"{h.Score:0.000} {Show(h.Id)}")));
        }
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
