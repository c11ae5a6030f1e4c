using DailyPapers.Feed;
using DailyPapers.Papers;

namespace DailyPapers.Community.Collections;

public static class CollectionEntries
{
    /// <summary>The collection's papers as list entries (added time in place of submission time), for cards and the feed.</summary>
    public static async Task<IReadOnlyList<DailyEntry>> LoadAsync(CollectionStore store, PaperStore papers, long id, CancellationToken ct)
    {
        var items = await store.ItemsAsync(id, ct);
        var byId = (await papers.GetManyAsync(items.Select(i => i.ArxivId).ToList(), ct)).ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
        return items.Where(i => byId.ContainsKey(i.ArxivId)).Select(i => new DailyEntry
        {
            Paper = byId[i.ArxivId],
            ListDate = DateOnly.FromDateTime(i.AddedAt),
            SubmittedAt = i.AddedAt,
        }).ToList();
    }
}
