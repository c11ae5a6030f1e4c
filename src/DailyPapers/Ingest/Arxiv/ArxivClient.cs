using System.Globalization;
using DailyPapers.Papers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Ingest.Arxiv;

/// <summary>
/// The arXiv query API: papers by id and search results, as <see cref="Paper"/>s. Every request waits its turn
/// at the process-wide <see cref="ArxivRateLimiter"/> and is retried on timeouts, dropped connections and 5xx.
/// Expected failures (bad id, not found, arXiv down) come back in <see cref="ArxivResult.Error"/>, not as exceptions.
/// </summary>
public sealed partial class ArxivClient(
    HttpClient http, ArxivRateLimiter limiter, IOptions<ArxivOptions> options, TimeProvider clock, ILogger<ArxivClient> logger)
{
    /// <summary>The API serves at most this many results per call.</summary>
    public const int MaxPageSize = 2_000;

    /// <summary>The API serves at most this many results of one query in all, however it is paged.</summary>
    public const int MaxResultsInAll = 30_000;

    /// <summary>Ids sent in one id_list call.</summary>
    public const int IdsPerCall = 100;

    /// <summary>
    /// Fetches the latest version of each paper (or the version named in the id) in as few id_list calls as
    /// possible. Ids arXiv does not have are listed in <see cref="ArxivResult.NotFound"/> with a NotFound error.
    /// </summary>
    public async Task<ArxivResult> FetchByIdsAsync(IReadOnlyList<ArxivId> ids, CancellationToken ct = default)
    {
        var wanted = ids.DistinctBy(i => i.ToString()).ToList();
        var papers = new List<Paper>();
        foreach (var chunk in wanted.Chunk(IdsPerCall))
        {
            var page = await GetPageAsync(QueryUrl("", string.Join(',', chunk), ArxivSortBy.Relevance, ArxivSortOrder.Descending, 0, IdsPerCall), ct);
            if (page.Error is { Kind: not ArxivErrorKind.NotFound } error)
            {
                return new ArxivResult { Papers = papers, Error = error };
            }
            papers.AddRange(page.Papers);
        }
        // "2104.12255v1" and "2104.12255" in one list come back as two entries of one paper: keep the newer.
        var found = papers.GroupBy(p => p.ArxivId).Select(g => g.MaxBy(p => p.LatestVersion)!).ToList();
        var foundIds = found.Select(p => p.ArxivId).ToHashSet();
        var missing = wanted.Where(i => !foundIds.Contains(i.Id)).ToList();
        return new ArxivResult
        {
            Papers = found,
            TotalResults = found.Count,
            NotFound = missing,
            Error = missing.Count == 0 ? null : new ArxivError(ArxivErrorKind.NotFound, $"not found: {string.Join(", ", missing)}"),
        };
    }

    /// <summary>
    /// Runs a search (arXiv query syntax: <c>ti:</c>, <c>au:</c>, <c>cat:</c>, AND/OR/ANDNOT…) and reads up to
    /// <paramref name="maxResults"/> results from <paramref name="start"/>, in pages of <see cref="ArxivOptions.PageSize"/>.
    /// </summary>
    public async Task<ArxivResult> SearchAsync(
        string query, int start = 0, int maxResults = 100,
        ArxivSortBy sortBy = ArxivSortBy.Relevance, ArxivSortOrder sortOrder = ArxivSortOrder.Descending,
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResults);
        if (string.IsNullOrWhiteSpace(query))
        {
            return Failed(ArxivErrorKind.QueryRejected, "the search query is empty");
        }
        var wanted = Math.Min(maxResults, MaxResultsInAll - start);
        if (wanted <= 0)
        {
            return Failed(ArxivErrorKind.QueryRejected, string.Create(CultureInfo.InvariantCulture, $"arXiv serves only the first {MaxResultsInAll:N0} results of a query"));
        }
        var pageSize = Math.Clamp(options.Value.PageSize, 1, MaxPageSize);
        var papers = new List<Paper>();
        var total = 0;
        for (var next = start; next < start + wanted;)
        {
            var size = Math.Min(pageSize, start + wanted - next);
            var page = await GetPageAsync(QueryUrl(query, "", sortBy, sortOrder, next, size), ct);
            if (page.Error is { } error)
            {
                return new ArxivResult
                {
                    Papers = papers,
                    TotalResults = total,
                    Error = error.Kind == ArxivErrorKind.NotFound ? error with { Message = $"not found: nothing matches '{query}'" } : error,
                };
            }
            total = page.TotalResults;
            papers.AddRange(page.Papers);
            next += size;
            if (page.Papers.Count < size || next >= total)
            {
                break;
            }
        }
        return new ArxivResult { Papers = papers, TotalResults = total };
    }

    private static ArxivResult Failed(ArxivErrorKind kind, string message) => new() { Error = new ArxivError(kind, message) };

    // Parameters in the order arXiv's own examples use; both id_list and search_query are always sent.
    private Uri QueryUrl(string searchQuery, string idList, ArxivSortBy sortBy, ArxivSortOrder sortOrder, int start, int maxResults)
    {
        var query = string.Join('&',
            $"search_query={Uri.EscapeDataString(searchQuery)}",
            $"id_list={Uri.EscapeDataString(idList)}",
            $"sortBy={SortByName(sortBy)}",
            $"sortOrder={SortOrderName(sortOrder)}",
            string.Create(CultureInfo.InvariantCulture, $"start={start}"),
            string.Create(CultureInfo.InvariantCulture, $"max_results={maxResults}"));
        return new UriBuilder(options.Value.ApiUrl) { Query = query }.Uri;
    }

    private static string SortByName(ArxivSortBy sortBy) => sortBy switch
    {
        ArxivSortBy.LastUpdatedDate => "lastUpdatedDate",
        ArxivSortBy.SubmittedDate => "submittedDate",
        _ => "relevance",
    };

    private static string SortOrderName(ArxivSortOrder order) => order == ArxivSortOrder.Ascending ? "ascending" : "descending";
}
