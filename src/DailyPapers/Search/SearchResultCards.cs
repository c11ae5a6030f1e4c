using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Search.Keyword;
using DailyPapers.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace DailyPapers.Search;

/// <summary>
/// A result ready for a card or an API item: the paper as a list entry (<paramref name="Listed"/> false when it
/// is on no daily list and the entry only carries its arXiv date), with its marked-up title and snippet (null when the search did not mark them).
/// </summary>
public sealed record SearchResultCard(DailyEntry Entry, bool Listed, HighlightedText? Text);

/// <summary>
/// Loads the papers of a page of results from the database, in result order, skipping papers hidden or
/// deleted since this node indexed them. Two rounds of queries for the papers not loaded recently: the papers,
/// then what the lists and readers add to them (list entries, comments, verified authors, linked code). A
/// paper loaded at the database's current content version is taken from memory: every change a card shows
/// (votes, comments, lists, names, claims, code links) moves that version, so one indexed read per page says
/// whether the papers kept are still exactly right, as it does for rendered pages.
/// </summary>
public sealed class SearchResultCards(PaperStore papers, DailyListStore lists, ContentVersion contentVersion) : IDisposable
{
    /// <summary>Papers kept as entries (a few KB each with their abstract and authors).</summary>
    public const int Capacity = 5_000;

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });

    private sealed record Kept(long Version, DailyEntry Entry);

    public async Task<IReadOnlyList<SearchResultCard>> LoadAsync(IReadOnlyList<SearchHit> hits, CancellationToken ct)
    {
        if (hits.Count == 0)
        {
            return [];
        }
        // Read before the papers, so a paper is never kept under a newer version than its own.
        var version = await contentVersion.CurrentAsync(ct);
        var entries = new Dictionary<string, DailyEntry>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var id in hits.Select(h => h.ArxivId).Distinct(StringComparer.Ordinal))
        {
            if (_entries.TryGetValue(id, out Kept? kept) && kept!.Version == version)
            {
                entries[id] = kept.Entry;
            }
            else
            {
                missing.Add(id);
            }
        }
        if (missing.Count > 0)
        {
            var loaded = (await papers.GetManyAsync(missing, ct)).Where(p => !p.Hidden).ToList();
            foreach (var entry in await lists.EntriesForAsync(loaded, ct))
            {
                entries[entry.Paper.ArxivId] = entry;
                _entries.Set(entry.Paper.ArxivId, new Kept(version, entry), new MemoryCacheEntryOptions { Size = 1 });
            }
        }
        return hits.Where(h => entries.ContainsKey(h.ArxivId))
            .Select(h => new SearchResultCard(entries[h.ArxivId], entries[h.ArxivId].Listed, h.Text)).ToList();
    }

    /// <summary>The card of one paper found by its id: its title and the start of its abstract, nothing marked.</summary>
    public Task<IReadOnlyList<SearchResultCard>> LoadAsync(Paper paper, CancellationToken ct) =>
        LoadAsync([new SearchHit(paper.ArxivId, 1, HighlightedText.Plain(PaperText.Display(paper.Title), PaperText.Snippet(paper.Abstract, 280)))], ct);

    public void Dispose() => _entries.Dispose();
}
