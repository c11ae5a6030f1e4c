using Microsoft.Extensions.Caching.Memory;

namespace DailyPapers.Search;

/// <summary>
/// Pages of results by request, each kept with the state of this node's indexes it was computed from
/// (<see cref="SearchIndexes.State"/>) and served only while the indexes are still in that state: any commit of
/// the keyword index or change of a vector makes every entry stale, so a cached page is always the page a search
/// would compute now (as Elasticsearch's shard request cache is cleared by each refresh). A popular query, the
/// next page of results, a feed reader polling a search and a digest's topics then skip the ranking and the
/// highlighting. Bounded: past <see cref="Capacity"/> results held, the least recently used quarter goes.
/// </summary>
internal sealed class SearchResultCache : IDisposable
{
    /// <summary>Results held in all (a page of 20 with its marked text is ~15 KB).</summary>
    public const int Capacity = 20_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });

    private sealed record Entry(SearchIndexState State, SearchResults Results);

    public SearchResults GetOrAdd(SearchRequest request, SearchIndexState state, Func<SearchRequest, SearchResults> search)
    {
        if (_cache.TryGetValue(request, out Entry? hit) && hit!.State == state)
        {
            return hit.Results;
        }
        var results = search(request);
        _cache.Set(request, new Entry(state, results), new MemoryCacheEntryOptions { Size = Math.Max(1, results.Hits.Count) });
        return results;
    }

    public void Dispose() => _cache.Dispose();
}
