using System.Text.Json.Serialization;
using DailyPapers.Search.Hybrid;
using DailyPapers.Search.Keyword;
using DailyPapers.Search.Semantic;

namespace DailyPapers.Search.Eval;

/// <summary>The figures of one evaluation, in the shape the <c>eval --json</c> verb prints.</summary>
public sealed record EvaluationReport(
    [property: JsonPropertyName("keyword"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MethodScores? Keyword,
    [property: JsonPropertyName("vector"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MethodScores? Vector,
    [property: JsonPropertyName("hybrid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MethodScores? Hybrid,
    [property: JsonPropertyName("sets")] IReadOnlyList<SetReport> Sets);

/// <summary>One half of a generated query set, scored for each method.</summary>
public sealed record SetReport(
    [property: JsonPropertyName("set")] string Set,
    [property: JsonPropertyName("half")] string Half,
    [property: JsonPropertyName("queries")] int Queries,
    [property: JsonPropertyName("keyword")] KnownItemScores Keyword,
    [property: JsonPropertyName("vector")] KnownItemScores Vector,
    [property: JsonPropertyName("hybrid")] KnownItemScores Hybrid);

/// <summary>
/// Runs queries through the product's own search pieces — the keyword index (in memory), the vector index
/// (exact) and the fusion — over a corpus, and scores the three rankings. Each query's keyword and vector
/// rankings are computed once; the hybrid can then be scored for any number of fusion settings (tuning).
/// </summary>
public sealed class SearchEvaluation : IDisposable
{
    public const int Depth = 100;

    private readonly KeywordIndex _keyword;
    private readonly VectorIndex _vectors;
    private readonly TextEmbedder _embedder;
    private readonly Knobs _knobs;
    private readonly QueryEmbeddingCache _queryVectors;
    private readonly bool _ownsQueryVectors;

    /// <summary>Settings tried while tuning; the defaults are the product's.</summary>
    internal sealed record Knobs(float K1 = KeywordIndex.K1, float B = KeywordIndex.B, float TitleBoost = 0, bool ScoreKeywordHitsByVector = false)
    {
        /// <summary>The short-query clauses; null: the product's.</summary>
        public RankingWeights? Weights { get; init; }

        /// <summary>Search vectors through an HNSW graph of this precision (re-scored in float32 below F32); null: exactly.</summary>
        public VectorPrecision? Graph { get; init; }
    }

    private SearchEvaluation(KeywordIndex keyword, VectorIndex vectors, TextEmbedder embedder, Knobs knobs, QueryEmbeddingCache? queryVectors)
    {
        _keyword = keyword;
        _vectors = vectors;
        _embedder = embedder;
        _knobs = knobs;
        _ownsQueryVectors = queryVectors is null;
        _queryVectors = queryVectors ?? new QueryEmbeddingCache(embedder);
    }

    /// <summary>Indexes the corpus as the product would (keyword index and vectors).</summary>
    public static SearchEvaluation Build(IReadOnlyList<BeirDocument> corpus, TextEmbedder embedder, IReadOnlyDictionary<string, float[]> documentVectors) =>
        Build(corpus, embedder, documentVectors, new Knobs());

    /// <summary>As <see cref="Build(IReadOnlyList{BeirDocument}, TextEmbedder, IReadOnlyDictionary{string, float[]})"/>, with other
    /// settings; <paramref name="queryVectors"/> lets several builds (a tuning grid) embed each query once.</summary>
    internal static SearchEvaluation Build(
        IReadOnlyList<BeirDocument> corpus, TextEmbedder embedder, IReadOnlyDictionary<string, float[]> documentVectors, Knobs knobs, QueryEmbeddingCache? queryVectors = null)
    {
        var keyword = KeywordIndex.InMemory(knobs.K1, knobs.B, knobs.Weights ?? new RankingWeights());
        keyword.TitleBoost = knobs.TitleBoost;
        var vectors = new VectorIndex(embedder.Model.Dimensions, precision: knobs.Graph ?? VectorPrecision.F32);
        foreach (var d in corpus)
        {
            keyword.Upsert(new KeywordDocument
            {
                Id = d.Id, Title = d.Title, Abstract = d.Text, Authors = d.Authors, Categories = d.Categories, PublishedDay = d.PublishedDay,
            });
            if (documentVectors.TryGetValue(d.Id, out var v))
            {
                vectors.Upsert(d.Id, v, d.PublishedDay, [.. d.Categories], visible: true);
            }
        }
        keyword.Commit();
        if (knobs.Graph is not null)
        {
            vectors.BuildHnsw();
        }
        return new SearchEvaluation(keyword, vectors, embedder, knobs, queryVectors);
    }

    /// <summary>Runs each query and keeps its keyword and vector rankings.</summary>
    public RankedQueries Run(IEnumerable<string> queries)
    {
        var ranked = new List<RankedQuery>();
        foreach (var text in queries)
        {
            var query = SearchQuery.Parse(text);
            var keywordResults = _keyword.Search(query, SearchFilter.None, Depth);
            var keywordHits = keywordResults.Hits;
            var free = query.FreeText;
            var embedding = free.Length == 0 || query.Identifier is not null ? null : _queryVectors.Embed(free);
            var vectorHits = embedding is null ? [] : SearchService.VectorHits(_vectors, embedding, _embedder.Model.MinSimilarity, query, SearchFilter.None, Depth, keywordHits);
            if (embedding is not null && _knobs.ScoreKeywordHitsByVector)
            {
                var seen = vectorHits.Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
                vectorHits = vectorHits.Concat(_vectors.Score(embedding, keywordHits.Select(h => h.Id).Where(id => !seen.Contains(id)))
                    .Select(s => new VectorHit(s.Key, s.Value))).OrderByDescending(h => h.Score).ToList();
            }
            ranked.Add(new RankedQuery(query, keywordHits, vectorHits) { NamesAuthor = keywordResults.NamesAuthor, TitleHoldsQuery = keywordResults.TitleHoldsQuery });
        }
        return new RankedQueries(ranked);
    }

    public void Dispose()
    {
        _keyword.Dispose();
        _vectors.Dispose();
        if (_ownsQueryVectors)
        {
            _queryVectors.Dispose();
        }
    }
}

/// <summary>A query with its keyword and vector rankings.</summary>
public sealed record RankedQuery(SearchQuery Query, IReadOnlyList<KeywordHit> Keyword, IReadOnlyList<VectorHit> Vector)
{
    /// <summary>The keyword index found that the query names people (<see cref="KeywordResults.NamesAuthor"/>).</summary>
    public bool NamesAuthor { get; init; }

    /// <summary>The best keyword hit's title holds every word of the query (<see cref="KeywordResults.TitleHoldsQuery"/>).</summary>
    public bool TitleHoldsQuery { get; init; }
}

/// <summary>The rankings of a list of queries, in the order they were run, as ids for each method.</summary>
public sealed class RankedQueries(IReadOnlyList<RankedQuery> queries)
{
    public int Count => queries.Count;

    /// <summary>Each query with its rankings and scores, for looking into single queries while tuning.</summary>
    public IReadOnlyList<RankedQuery> Queries => queries;

    public IEnumerable<IReadOnlyList<string>> Keyword() => queries.Select(q => Ids(q.Keyword.Select(h => h.Id)));

    public IEnumerable<IReadOnlyList<string>> Vector() => queries.Select(q => Ids(q.Vector.Select(h => h.Id)));

    public IEnumerable<IReadOnlyList<string>> Hybrid(FusionOptions fusion) =>
        queries.Select(q => Ids(HybridRanker.Fuse(q.Query, q.Keyword, q.Vector, fusion, q.NamesAuthor, q.TitleHoldsQuery).Select(h => h.Id)));

    private static List<string> Ids(IEnumerable<string> ids) => ids.Take(SearchEvaluation.Depth).ToList();
}
