using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Search.Keyword;

namespace DailyPapers.Search;

/// <summary>
/// A result ready for a card or an API item: the paper as a list entry (<paramref name="Listed"/> false when it
/// is on no daily list and the entry only carries its arXiv date), with its marked-up title and snippet.
/// </summary>
public sealed record SearchResultCard(DailyEntry Entry, bool Listed, HighlightedText Text);

/// <summary>
/// Loads the papers of a page of results from the database, in result order, skipping papers hidden or
/// deleted since this node indexed them. Two rounds of queries for the whole page: the list entries of the
/// papers on a list, then the papers on none.
/// </summary>
public sealed class SearchResultCards(PaperStore papers, DailyListStore lists)
{
    public async Task<IReadOnlyList<SearchResultCard>> LoadAsync(IReadOnlyList<SearchHit> hits, CancellationToken ct)
    {
        var ids = hits.Select(h => h.ArxivId).Distinct(StringComparer.Ordinal).ToList();
        var listed = (await lists.GetManyAsync(ids, ct)).ToDictionary(e => e.Paper.ArxivId, StringComparer.Ordinal);
        var unlisted = (await papers.GetManyAsync(ids.Where(id => !listed.ContainsKey(id)).ToList(), ct))
            .ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
        var cards = new List<SearchResultCard>(hits.Count);
        foreach (var hit in hits)
        {
            if (listed.TryGetValue(hit.ArxivId, out var entry))
            {
                if (!entry.Paper.Hidden)
                {
                    cards.Add(new SearchResultCard(entry, true, hit.Text));
                }
            }
            else if (unlisted.TryGetValue(hit.ArxivId, out var paper) && !paper.Hidden)
            {
                var day = new DailyEntry { Paper = paper, ListDate = DateOnly.FromDateTime(paper.PublishedAt), SubmittedAt = paper.PublishedAt };
                cards.Add(new SearchResultCard(day, false, hit.Text));
            }
        }
        return cards;
    }

    /// <summary>The card of one paper found by its id: its title and the start of its abstract, nothing marked.</summary>
    public Task<IReadOnlyList<SearchResultCard>> LoadAsync(Paper paper, CancellationToken ct) =>
        LoadAsync([new SearchHit(paper.ArxivId, 1, HighlightedText.Plain(PaperText.Display(paper.Title), PaperText.Snippet(paper.Abstract, 280)))], ct);
}
