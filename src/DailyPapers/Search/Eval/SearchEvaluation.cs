using System.Text.Json.Serialization;
using DailyPapers.Search.Hybrid;
using DailyPapers.Search.Keyword;
using DailyPapers.Search.Semantic;

namespace DailyPapers.Search.Eval;

/// <summary>The figures of one evaluation, in the shape the <c>eval --json</c> verb prints.</summary>
public sealed record EvaluationReport(
    [property: JsonPropertyName("keyword")] MethodScores Keyword,
    [property: JsonPropertyName("vector")] MethodScores Vector,
    [property: JsonPropertyName("hybrid")] MethodScores Hybrid);

/// <summary>
/// Runs a BEIR benchmark through the product's own search pieces — the keyword index (in memory), the
/// vector index (exact) and <see cref="HybridRanker"/> — and scores the three rankings. The keyword and vector
/// rankings are computed once; <see cref="Hybrid"/> can then score any number of fusion settings (tuning).
/// </summary>
public sealed class SearchEvaluation
{
    public const int Depth = 100;

    private readonly List<(IReadOnlyList<KeywordHit> Keyword, IReadOnlyList<VectorHit> Vector, IReadOnlyDictionary<string, int> Judged)> _queries = [];

    /// <summary>Settings tried while tuning; the defaults are the product's.</summary>
    internal sealed record Knobs(float K1 = KeywordIndex.K1, float B = KeywordIndex.B, float TitleBoost = 0, bool ScoreKeywordHitsByVector = false);

    private SearchEvaluation()
    {
    }

    public int QueryCount => _queries.Count;

    /// <summary>Indexes the corpus, runs every judged query and keeps both rankings of each.</summary>
    public static SearchEvaluation Prepare(BeirFolder folder, TextEmbedder embedder, IReadOnlyDictionary<string, float[]> documentVectors) =>
        Prepare(folder, embedder, documentVectors, new Knobs());

    internal static SearchEvaluation Prepare(BeirFolder folder, TextEmbedder embedder, IReadOnlyDictionary<string, float[]> documentVectors, Knobs knobs)
    {
        using var keyword = KeywordIndex.InMemory(knobs.K1, knobs.B);
        keyword.TitleBoost = knobs.TitleBoost;
        using var vectors = new VectorIndex(embedder.Model.Dimensions);
        foreach (var d in folder.Corpus)
        {
            keyword.Upsert(new KeywordDocument { Id = d.Id, Title = d.Title, Abstract = d.Text });
            if (documentVectors.TryGetValue(d.Id, out var v))
            {
                vectors.Upsert(d.Id, v, 0, [], visible: true);
            }
        }
        keyword.Commit();
        var evaluation = new SearchEvaluation();
        foreach (var (id, text) in folder.Queries.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            var query = SearchQuery.Parse(text);
            var keywordHits = keyword.Search(query, SearchFilter.None, Depth).Hits;
            var free = query.FreeText;
            var embedding = free.Length == 0 ? null : embedder.EmbedQuery(free);
            var vectorHits = embedding is null ? [] : SearchService.VectorHits(vectors, embedding, embedder.Model.MinSimilarity, query, SearchFilter.None, Depth, keywordHits);
            if (embedding is not null && knobs.ScoreKeywordHitsByVector)
            {
                var seen = vectorHits.Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
                vectorHits = vectorHits.Concat(vectors.Score(embedding, keywordHits.Select(h => h.Id).Where(id => !seen.Contains(id)))
                    .Select(s => new VectorHit(s.Key, s.Value))).OrderByDescending(h => h.Score).ToList();
            }
            evaluation._queries.Add((keywordHits, vectorHits, folder.Judgements[id]));
        }
        return evaluation;
    }

    public MethodScores Keyword() => RetrievalMetrics.Average(_queries.Select(q => (Ids(q.Keyword.Select(h => h.Id)), q.Judged)));

    public MethodScores Vector() => RetrievalMetrics.Average(_queries.Select(q => (Ids(q.Vector.Select(h => h.Id)), q.Judged)));

    public MethodScores Hybrid(FusionOptions fusion) =>
        RetrievalMetrics.Average(_queries.Select(q => (Ids(HybridRanker.Fuse(q.Keyword, q.Vector, fusion).Select(h => h.Id)), q.Judged)));

    public EvaluationReport Report(FusionOptions fusion) => new(Keyword(), Vector(), Hybrid(fusion));

    private static IReadOnlyList<string> Ids(IEnumerable<string> ids) => ids.Take(Depth).ToList();
}
