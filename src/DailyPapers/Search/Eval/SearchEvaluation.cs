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

    private SearchEvaluation()
    {
    }

    public int QueryCount => _queries.Count;

    /// <summary>Indexes the corpus, runs every judged query and keeps both rankings of each.</summary>
    public static SearchEvaluation Prepare(BeirFolder folder, TextEmbedder embedder, IReadOnlyDictionary<string, float[]> documentVectors)
    {
        using var keyword = KeywordIndex.InMemory();
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
            var vectorHits = free.Length == 0 ? [] : SearchService.VectorHits(vectors, embedder.EmbedQuery(free), embedder.Model.MinSimilarity, query, SearchFilter.None, Depth, keywordHits);
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
