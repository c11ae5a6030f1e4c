using DailyPapers.Search.Hybrid;
using DailyPapers.Search.Keyword;
using DailyPapers.Search.Semantic;
using Microsoft.Extensions.Options;

namespace DailyPapers.Search;

/// <summary>What a reader asked for: a query, a filter and a page of results.</summary>
public sealed record SearchRequest
{
    public required string Query { get; init; }
    public SearchFilter Filter { get; init; } = SearchFilter.None;
    public int Offset { get; init; }
    public int Limit { get; init; } = 20;

    /// <summary>Mark the query's words in each hit's title and snippet; false for callers that show neither (the API, feeds, digests).</summary>
    public bool Highlight { get; init; } = true;
}

/// <summary>One result: the paper's id, its fused score, and its title and snippet with the query's words marked (null when not asked for).</summary>
public sealed record SearchHit(string ArxivId, double Score, HighlightedText? Text);

/// <summary>How much of the catalogue vector search covers: papers with a vector, of the papers searchable.</summary>
public sealed record SearchCoverage(int Embedded, int Papers)
{
    public bool Complete => Embedded >= Papers;
}

/// <summary>A page of results, the number of results in all, and what the search could use.</summary>
public sealed record SearchResults
{
    public required IReadOnlyList<SearchHit> Hits { get; init; }
    public required int Total { get; init; }
    public required SearchCoverage Coverage { get; init; }

    /// <summary>False while this node's index is still being built after start-up.</summary>
    public bool IndexReady { get; init; } = true;

    /// <summary>The query was longer than <see cref="SearchQuery.MaxLength"/> and was cut.</summary>
    public bool QueryTruncated { get; init; }

    /// <summary>The query had nothing to search for (empty, or only punctuation).</summary>
    public bool EmptyQuery { get; init; }

    /// <summary>The query with words no paper holds replaced by the closest indexed words, when it had such words.</summary>
    public string? DidYouMean { get; init; }

    /// <summary>The results include papers matching close spellings of those words, because the query alone found little.</summary>
    public bool Fuzzy { get; init; }
}

/// <summary>
/// Hybrid search: BM25 over the keyword index and cosine similarity over the paper vectors, fused by
/// <see cref="HybridRanker"/>. Prefixes and phrases are requirements, so when a query has them only papers
/// that meet them are returned (vectors then only re-rank). Papers without a vector yet are still found by
/// their words; <see cref="SearchResults.Coverage"/> says how far the vectors reach. Pages of results are kept
/// while the indexes stay as they were (<see cref="SearchResultCache"/>).
/// </summary>
public sealed class SearchService(SearchIndexes indexes, IOptions<SearchOptions> options, SearchMetrics metrics, TimeProvider clock) : IDisposable
{
    private readonly SearchResultCache _cache = new();

    /// <summary>Results beyond this rank are not served (deeper pages are refused by the endpoints).</summary>
    public const int MaxResults = 1000;

    public SearchCoverage Coverage => new(indexes.Vectors.VisibleCount, indexes.Keyword?.Count ?? 0);

    public SearchResults Search(SearchRequest request)
    {
        var started = clock.GetTimestamp();
        try
        {
            return _cache.GetOrAdd(request, indexes.State, Rank);
        }
        finally
        {
            metrics.Searched(clock.GetElapsedTime(started));
        }
    }

    public void Dispose() => _cache.Dispose();

    private SearchResults Rank(SearchRequest request)
    {
        var query = SearchQuery.Parse(request.Query);
        var keyword = indexes.Keyword;
        var coverage = Coverage;
        if (query.IsEmpty || keyword is null)
        {
            return new SearchResults
            {
                Hits = [], Total = 0, Coverage = coverage, IndexReady = keyword is not null && indexes.Ready,
                QueryTruncated = query.Truncated, EmptyQuery = query.IsEmpty,
            };
        }
        var fusion = options.Value.Fusion;
        var end = Math.Min(request.Offset + request.Limit, MaxResults);
        // A long query (a topic, a claim) uses its vector whatever its words find: it is embedded, and its nearest papers
        // found (unless it has requirements, which the keyword hits meet), while the keyword search runs.
        var early = HybridRanker.Words(query) > fusion.ShortQueryWords && HybridRanker.UsesVectors(query, [], fusion, false, false) && indexes.Vectors.VisibleCount > 0
            ? Task.Run(() => NearestFirst(query, request.Filter, fusion.Depth))
            : null;
        var stage = clock.GetTimestamp();
        var keywordResults = keyword.Search(query, request.Filter, Math.Max(fusion.Depth, end));
        metrics.Staged(SearchMetrics.Stage.Keyword, clock.GetElapsedTime(stage));
        // A query whose vector cannot change the ranking (a short one a title holds, a name) is not embedded.
        IReadOnlyList<VectorHit> vectorHits = [];
        if (HybridRanker.UsesVectors(query, keywordResults.Hits, fusion, keywordResults.NamesAuthor, keywordResults.TitleHoldsQuery))
        {
            stage = clock.GetTimestamp();
            vectorHits = VectorHits(query, request.Filter, fusion.Depth, keywordResults, early);
            metrics.Staged(SearchMetrics.Stage.Vectors, clock.GetElapsedTime(stage));
        }
        var fused = HybridRanker.Fuse(query, keywordResults.Hits, vectorHits, fusion, keywordResults.NamesAuthor, keywordResults.TitleHoldsQuery);
        // Past the fused depth, the keyword ranking goes on alone.
        var seen = fused.Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
        var ranked = fused.Concat(keywordResults.Hits.Skip(fusion.Depth).Where(h => !seen.Contains(h.Id))
            .Select(h => new RankedHit(h.Id, 0, h.Score, null))).ToList();
        var page = ranked.Skip(request.Offset).Take(Math.Max(0, end - request.Offset)).ToList();
        stage = clock.GetTimestamp();
        var texts = request.Highlight ? keyword.Highlight(query, page.Select(h => h.Id)) : null;
        if (texts is not null)
        {
            metrics.Staged(SearchMetrics.Stage.Highlight, clock.GetElapsedTime(stage));
        }
        var keywordIds = keywordResults.Hits.Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
        var vectorOnly = vectorHits.Count(v => !keywordIds.Contains(v.Id));
        return new SearchResults
        {
            // Highlighting leaves out papers no longer in the index; without it, the card loader skips them (hidden or deleted).
            Hits = texts is null
                ? page.Select(h => new SearchHit(h.Id, h.Score, null)).ToList()
                : page.Where(h => texts.ContainsKey(h.Id)).Select(h => new SearchHit(h.Id, h.Score, texts[h.Id])).ToList(),
            Total = Math.Min(keywordResults.Total + vectorOnly, MaxResults),
            Coverage = coverage,
            IndexReady = indexes.Ready,
            QueryTruncated = query.Truncated,
            DidYouMean = keywordResults.DidYouMean,
            Fuzzy = keywordResults.Fuzzy,
        };
    }

    /// <summary>The papers nearest to this one by embedding, itself excluded; empty when it has no vector yet.</summary>
    public IReadOnlyList<VectorHit> Similar(string arxivId, int count)
    {
        var vector = indexes.Vectors.GetVector(arxivId);
        return vector is null ? [] : indexes.Vectors.Search(vector, count, SearchFilter.None, exclude: arxivId);
    }

    /// <summary>The query's vector and, unless it has requirements (then the keyword hits decide), its nearest papers.</summary>
    private (float[] Vector, IReadOnlyList<VectorHit>? Nearest) NearestFirst(SearchQuery query, SearchFilter filter, int depth)
    {
        var vector = indexes.QueryVectors.Embed(query.FreeText);
        return (vector, query.HasRequiredParts ? null : VectorHits(indexes.Vectors, vector, indexes.Embedder.Model.MinSimilarity, query, filter, depth, []));
    }

    private IReadOnlyList<VectorHit> VectorHits(SearchQuery query, SearchFilter filter, int depth, KeywordResults keyword,
        Task<(float[] Vector, IReadOnlyList<VectorHit>? Nearest)>? early)
    {
        if (indexes.Vectors.VisibleCount == 0)
        {
            return [];
        }
        var (vector, nearest) = early?.GetAwaiter().GetResult() ?? (indexes.QueryVectors.Embed(query.FreeText), null);
        return nearest ?? VectorHits(indexes.Vectors, vector, indexes.Embedder.Model.MinSimilarity, query, filter, depth, keyword.Hits);
    }

    /// <summary>
    /// The vector ranking to fuse: the nearest papers at or above the model's similarity floor, or, when the query has requirements (phrases, prefixes),
    /// the keyword hits that meet them ordered by similarity. Shared with the evaluation, so it measures this.
    /// </summary>
    internal static IReadOnlyList<VectorHit> VectorHits(
        VectorIndex vectors, float[] embedding, float minSimilarity, SearchQuery query, SearchFilter filter, int depth, IReadOnlyList<KeywordHit> keyword)
    {
        if (!query.HasRequiredParts)
        {
            return vectors.Search(embedding, depth, filter).Where(h => h.Score >= minSimilarity).ToList();
        }
        var scores = vectors.Score(embedding, keyword.Select(h => h.Id));
        return scores.OrderByDescending(s => s.Value).Take(depth).Select(s => new VectorHit(s.Key, s.Value)).ToList();
    }
}
