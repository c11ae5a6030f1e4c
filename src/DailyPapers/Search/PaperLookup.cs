using DailyPapers.Ingest.Arxiv;
using DailyPapers.Papers;
using Microsoft.Extensions.Caching.Memory;

namespace DailyPapers.Search;

/// <summary>What came of looking up the paper a query names.</summary>
public sealed record PaperLookupResult(Paper? Paper, string? Problem = null)
{
    public static readonly PaperLookupResult None = new((Paper?)null);
}

/// <summary>
/// The paper a query names by arXiv id, arXiv link or DOI: from the catalogue, or, for an arXiv id the catalogue
/// lacks, fetched from arXiv through the shared client (which spaces requests out process-wide) and stored, so
/// the paper page can show it at once. A DOI is looked up in this node's index only (arXiv is not searched by
/// DOI). Ids arXiv said it does not have are remembered for an hour, so a repeated bad id does not queue another
/// request. Hidden papers are not shown.
/// </summary>
public sealed class PaperLookup(PaperStore papers, ArxivClient arxiv, SearchIndexes indexes, ILogger<PaperLookup> logger) : IDisposable
{
    private readonly MemoryCache _missing = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public async Task<PaperLookupResult> FindAsync(SearchQuery query, CancellationToken ct)
    {
        if (query.Identifier is not { } identifier)
        {
            return PaperLookupResult.None;
        }
        if (identifier.ArxivId is not { } id)
        {
            var hits = indexes.Keyword?.Search(query, SearchFilter.None, 1).Hits ?? [];
            return hits.Count == 0 ? PaperLookupResult.None : Visible(await papers.GetAsync(hits[0].Id, ct));
        }
        if (await papers.GetAsync(id, ct) is { } stored)
        {
            return Visible(stored);
        }
        if (_missing.TryGetValue(id, out _))
        {
            return PaperLookupResult.None;
        }
        var fetched = await arxiv.FetchByIdsAsync([new ArxivId(id, null)], ct);
        if (fetched.Papers.FirstOrDefault(p => p.ArxivId == id) is not { } paper)
        {
            if (fetched.Error is { Kind: not (ArxivErrorKind.NotFound or ArxivErrorKind.MalformedId) } error)
            {
                logger.LogWarning("Could not fetch {ArxivId} from arXiv for a search: {Error}", id, error.Message);
                return new PaperLookupResult(null, $"arXiv could not be asked about {id} just now; showing what this catalogue has.");
            }
            _missing.Set(id, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) });
            return new PaperLookupResult(null, $"arXiv has no paper {id}.");
        }
        await papers.UpsertAsync(paper, ct);
        return Visible(await papers.GetAsync(id, ct) ?? paper);
    }

    private static PaperLookupResult Visible(Paper? paper) => paper is { Hidden: false } ? new PaperLookupResult(paper) : PaperLookupResult.None;

    public void Dispose() => _missing.Dispose();
}
