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
/// deleted since this node indexed them.
/// </summary>
public sealed class SearchResultCards(PaperStore papers, DailyListStore lists)
{
    public async Task<IReadOnlyList<SearchResultCard>> LoadAsync(IReadOnlyList<SearchHit> hits, CancellationToken ct)
    {
        var loaded = (await papers.GetManyAsync(hits.Select(h => h.ArxivId).ToList(), ct))
            .Where(p => !p.Hidden)
            .ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
        var cards = new List<SearchResultCard>(hits.Count);
        foreach (var hit in hits)
        {
            if (!loaded.TryGetValue(hit.ArxivId, out var paper))
            {
                continue;
            }
            var listed = await lists.GetAsync(paper.ArxivId, ct);
            var entry = listed ?? new DailyEntry { Paper = paper, ListDate = DateOnly.FromDateTime(paper.PublishedAt), SubmittedAt = paper.PublishedAt };
            cards.Add(new SearchResultCard(entry with { Paper = paper }, listed is not null, hit.Text));
        }
        return cards;
    }
}
