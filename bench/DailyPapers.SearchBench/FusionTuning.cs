using DailyPapers.Search.Eval;
using DailyPapers.Search.Hybrid;
using DailyPapers.Search.Semantic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace DailyPapers.SearchBench;

/// <summary>
/// Grid over keyword settings (BM25 k1/b, title boost) and fusion settings on the train split of a BEIR
/// folder; prints every row so the README can quote how the defaults were chosen. Never reads a test split.
/// </summary>
internal static class FusionTuning
{
    public static int Run(string[] args)
    {
        var folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "../shared/data/scifact";
        var modelName = Value(args, "--model") ?? "MiniLM";
        var cache = Value(args, "--cache") ?? "data/eval-cache";
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true)
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        var beir = BeirFolder.Read(folder, "train");
        var embedder = new TextEmbedder(EmbeddingModel.Find(modelName));
        var vectors = new CorpusEmbeddingCache(cache, logs.CreateLogger("tune")).Load(embedder, beir.CorpusKey, beir.Corpus, CancellationToken.None);
        Console.WriteLine($"{Path.GetFileName(Path.GetFullPath(folder))} train, {beir.Queries.Count} queries, model {embedder.Model.Name}");
        PrintSimilarities(beir, embedder, vectors);
        Console.WriteLine($"{"keyword settings",-38} {"fusion",-28} {"nDCG@10",8} {"R@100",7} {"MRR@10",7}");

        var knobs = new List<SearchEvaluation.Knobs>
        {
            new(),
            new(K1: 1.2f, B: 0.75f),
            new(K1: 0.9f, B: 0.6f),
            new(K1: 1.2f, B: 0.4f),
            new(TitleBoost: 0.25f),
            new(TitleBoost: 0.5f),
            new(TitleBoost: 1f),
            new(ScoreKeywordHitsByVector: true),
        };
        var fusions = new List<FusionOptions>();
        foreach (var w in new[] { 0.3, 0.4, 0.5, 0.6, 0.7 })
        {
            fusions.Add(new FusionOptions { Method = FusionMethod.Linear, VectorWeight = w });
        }
        foreach (var depth in new[] { 20, 50, 200 })
        {
            fusions.Add(new FusionOptions { Method = FusionMethod.Linear, VectorWeight = 0.5, Depth = depth });
        }
        foreach (var k in new[] { 10, 30, 60 })
        {
            fusions.Add(new FusionOptions { Method = FusionMethod.Rrf, RrfK = k });
        }
        foreach (var knob in knobs)
        {
            using var index = SearchEvaluation.Build(beir.Corpus, embedder, vectors, knob);
            var evaluation = EvaluationRuns.Run(index, beir, []);
            var label = $"k1 {knob.K1:0.##} b {knob.B:0.##} title×{knob.TitleBoost:0.##}{(knob.ScoreKeywordHitsByVector ? " +dense for kw hits" : "")}";
            Print(label, "keyword only", evaluation.Report(fusions[0]).Keyword!);
            foreach (var fusion in knob == knobs[0] || knob.ScoreKeywordHitsByVector ? fusions : fusions.Take(5))
            {
                var name = fusion.Method == FusionMethod.Rrf ? $"RRF k={fusion.RrfK}" : $"linear w={fusion.VectorWeight:0.0} depth {fusion.Depth}";
                Print(label, name, evaluation.Report(fusion).Hybrid!);
            }
        }
        return 0;
    }

    /// <summary>Where the model's cosines lie, for its similarity floor: judged-relevant pairs against random pairs.</summary>
    private static void PrintSimilarities(BeirFolder beir, TextEmbedder embedder, IReadOnlyDictionary<string, float[]> vectors)
    {
        var random = new Random(1);
        var ids = vectors.Keys.ToList();
        var relevant = new List<float>();
        var unrelated = new List<float>();
        foreach (var (id, text) in beir.Queries)
        {
            var q = embedder.EmbedQuery(text);
            relevant.AddRange(beir.Judgements[id].Where(j => j.Value > 0 && vectors.ContainsKey(j.Key))
                .Select(j => System.Numerics.Tensors.TensorPrimitives.Dot(q, vectors[j.Key])));
            unrelated.AddRange(Enumerable.Range(0, 20).Select(_ => System.Numerics.Tensors.TensorPrimitives.Dot(q, vectors[ids[random.Next(ids.Count)]])));
        }
        relevant.Sort();
        unrelated.Sort();
        static float P(List<float> s, double p) => s[(int)Math.Min(s.Count - 1, p * s.Count)];
        Console.WriteLine($"cosine, judged-relevant pairs: p1 {P(relevant, 0.01):0.000} p5 {P(relevant, 0.05):0.000} p50 {P(relevant, 0.5):0.000}; " +
            $"random pairs: p50 {P(unrelated, 0.5):0.000} p95 {P(unrelated, 0.95):0.000} p99 {P(unrelated, 0.99):0.000}; " +
            $"floor {embedder.Model.MinSimilarity} keeps {relevant.Count(r => r >= embedder.Model.MinSimilarity) / (double)relevant.Count:P1} of relevant pairs");
    }

    private static void Print(string knobs, string fusion, MethodScores s) =>
        Console.WriteLine($"{knobs,-38} {fusion,-28} {s.Ndcg10,8:0.0000} {s.Recall100,7:0.0000} {s.Mrr10,7:0.0000}");

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
