using Microsoft.Extensions.Caching.Memory;

namespace DailyPapers.Search.Semantic;

/// <summary>
/// Query vectors by query text, so a query asked again (the next page of results, a popular topic, a feed
/// reader polling a search) skips the 2–5 ms of embedding. Bounded: past <see cref="Capacity"/> queries the
/// least recently used quarter is dropped. The vector depends only on the model and the text, never on the
/// catalogue, so entries never go stale.
/// </summary>
public sealed class QueryEmbeddingCache(TextEmbedder embedder) : IDisposable
{
    public const int Capacity = 10_000;

    private readonly QueryEmbeddingBatches _batches = new(embedder);
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });
    private long _computed;

    /// <summary>Query texts embedded by the model so far (not answered from the cache).</summary>
    public long Computed => Interlocked.Read(ref _computed);

    public float[] Embed(string text)
    {
        if (_cache.TryGetValue(text, out float[]? vector) && vector is not null)
        {
            return vector;
        }
        vector = _batches.Embed(text);
        Interlocked.Increment(ref _computed);
        _cache.Set(text, vector, new MemoryCacheEntryOptions { Size = 1 });
        return vector;
    }

    public void Dispose()
    {
        _cache.Dispose();
        _batches.Dispose();
    }
}
