using Cloud.Unum.USearch;

namespace DailyPapers.Search.Semantic;

/// <summary>
/// Searches of a <see cref="VectorIndex"/>'s graph, one per free search context. USearch gives an index one search
/// context per hardware thread and fails any search beyond them ("Reserve capacity ahead of searches!"); a web server
/// under load searches from more threads than that, so searches wait their turn here. .NET's processor count is never
/// above the hardware threads USearch counts.
/// </summary>
internal sealed class HnswSearches : IDisposable
{
    private readonly SemaphoreSlim _contexts = new(Environment.ProcessorCount);

    /// <summary>The graph's nearest neighbours of the query, once one of its search contexts is free.</summary>
    public int Search(USearchIndex graph, float[] query, int count, out ulong[] keys, out float[] distances)
    {
        _contexts.Wait();
        try
        {
            return graph.Search(query, count, out keys, out distances);
        }
        finally
        {
            _contexts.Release();
        }
    }

    public void Dispose() => _contexts.Dispose();
}
