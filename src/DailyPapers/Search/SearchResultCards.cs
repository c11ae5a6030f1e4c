using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Search.Keyword;

namespace DailyPapers.Search;

/// <summary>
/// A result ready for a card or an API item: the paper as a list entry (<paramref name="Listed"/> false when it
/// is on no daily list and the entry only carries its arXiv date), with its marked-up title and snippet (null when the search did not mark them).
/// </summary>
public sealed record SearchResultCard(DailyEntry Entry, bool Listed, HighlightedText? Text);

/// <summary>
/// Loads the papers of a page of results from the database, in result order, skipping papers hidden or
/// deleted since this node indexed them. Two rounds of queries for the whole page: the papers, then what the
/// lists and readers add to them (list entries, comments, verified authors, linked code), listed or not.
/// </summary>
public sealed class SearchResultCards(PaperStore papers, DailyListStore lists)
{
    public async Task<IReadOnlyList<SearchResultCard>> LoadAsync(IReadOnlyList<SearchHit> hits, CancellationToken ct)
    {
        var loaded = (await papers.GetManyAsync(hits.Select(h => h.ArxivId).Distinct(StringComparer.Ordinal).ToList(), ct))
            .Where(p => !p.Hidden)
            .ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
        var found = hits.Where(h => loaded.ContainsKey(h.ArxivId)).ToList();
        var entries = await lists.EntriesForAsync(found.Select(h => loaded[h.ArxivId]).ToList(), ct);
        return found.Select((hit, i) => new SearchResultCard(entries[i], entries[i].Listed, hit.Text)).ToList();
    }

    /// <summary>The card of one paper found by its id: its title and the start of its abstract, nothing marked.</summary>
    public Task<IReadOnlyList<SearchResultCard>> LoadAsync(Paper paper, CancellationToken ct) =>
        LoadAsync([new SearchHit(paper.ArxivId, 1, HighlightedText.Plain(PaperText.Display(paper.Title), PaperText.Snippet(paper.Abstract, 280)))], ct);
}
