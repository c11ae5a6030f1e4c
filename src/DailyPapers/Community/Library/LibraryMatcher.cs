using DailyPapers.Papers;

namespace DailyPapers.Community.Library;

/// <summary>
/// Finds the catalogue paper of each entry: by arXiv id, then by DOI, then by title key (Papers/TitleKey.cs). Each
/// kind is looked up for all entries at once, in chunks, never entry by entry. An arXiv id the catalogue lacks is
/// left for the fetch job; an entry naming a paper an earlier entry named is a duplicate.
/// </summary>
public sealed class LibraryMatcher(PaperStore papers)
{
    /// <summary>
    /// The entries in file order with their outcome: <see cref="EntryOutcome.Added"/> for a paper found (the caller
    /// tells added from present), <see cref="EntryOutcome.Fetching"/>, duplicates, unmatched and malformed ones.
    /// </summary>
    public async Task<IReadOnlyList<ImportedEntry>> MatchAsync(IReadOnlyList<LibraryEntry> entries, CancellationToken ct = default)
    {
        var readable = entries.Where(e => e.Error is null).ToList();
        var byId = (await papers.FindByIdsAsync(readable.Where(e => e.ArxivId is not null).Select(e => e.ArxivId!).ToList(), ct))
            .ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
        var byDoi = (await papers.FindByDoisAsync(readable.Where(e => e.ArxivId is null && e.Doi is not null).Select(e => e.Doi!).ToList(), ct))
            .Where(p => !p.Hidden).ToLookup(p => p.Key, StringComparer.Ordinal);
        var keys = readable.Where(e => e.ArxivId is null && e.Title is not null && !byDoi.Contains(e.Doi ?? ""))
            .Select(e => TitleKey.Of(e.Title)).OfType<string>().Distinct(StringComparer.Ordinal).ToDictionary(k => TitleKey.Hash(k), StringComparer.Ordinal);
        // A paper counts for a title only when its own key is that title's: a hash shared by chance matches nothing.
        var byTitle = (await papers.FindByTitleKeysAsync(keys.Keys, ct))
            .Where(p => !p.Hidden && TitleKey.Of(p.Title) == keys[p.Key]).ToLookup(p => keys[p.Key], StringComparer.Ordinal);

        var firstLabel = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new List<ImportedEntry>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var outcome = e.Error is { } error ? new Outcome(EntryOutcome.Malformed, null, null, error) : Match(e, byId, byDoi, byTitle);
            if (outcome.ArxivId is { } id && outcome.Kind is EntryOutcome.Added or EntryOutcome.Fetching && !firstLabel.TryAdd(id, e.Label))
            {
                outcome = new Outcome(EntryOutcome.Duplicate, id, outcome.By, $"Names the same paper as {firstLabel[id]}.");
            }
            result.Add(new ImportedEntry
            {
                Position = i,
                Label = e.Label,
                Title = e.Title,
                Outcome = outcome.Kind,
                ArxivId = outcome.ArxivId,
                MatchedBy = outcome.By,
                Reason = outcome.Reason,
            });
        }
        return result;
    }

    private readonly record struct Outcome(EntryOutcome Kind, string? ArxivId, string? By, string? Reason);

    private static Outcome Match(
        LibraryEntry e, Dictionary<string, PaperMatch> byId, ILookup<string, PaperMatch> byDoi, ILookup<string, PaperMatch> byTitle)
    {
        if (e.ArxivId is { } id)
        {
            return !byId.TryGetValue(id, out var paper) ? new Outcome(EntryOutcome.Fetching, id, "arxiv", null)
                : paper.Hidden ? new Outcome(EntryOutcome.Unmatched, null, null, $"arXiv:{id} is not available on this site.")
                : new Outcome(EntryOutcome.Added, id, "arxiv", null);
        }
        if (e.Doi is { } doi && byDoi[doi].MinBy(p => p.ArxivId, StringComparer.Ordinal) is { } withDoi)
        {
            return new Outcome(EntryOutcome.Added, withDoi.ArxivId, "doi", null);
        }
        var key = TitleKey.Of(e.Title);
        var candidates = key is null ? [] : byTitle[key].DistinctBy(p => p.ArxivId).ToList();
        if (candidates.Count > 1 && e.Year is { } year)
        {
            // Two papers of one title (a talk and its paper, a series): the entry's year picks one.
            candidates = candidates.Where(p => Math.Abs(p.PublishedAt.Year - year) <= 1).ToList();
        }
        if (candidates.Count == 1)
        {
            return new Outcome(EntryOutcome.Added, candidates[0].ArxivId, "title", null);
        }
        var reason = candidates.Count > 1 ? $"{candidates.Count} papers here have this title; add the arXiv id or DOI to the entry."
            : (e.Doi, e.Title, key) switch
            {
                (not null, not null, not null) => $"No paper here has the DOI {e.Doi} or this title.",
                (not null, _, _) => $"No paper here has the DOI {e.Doi}.",
                (null, not null, not null) => "No paper here has this title.",
                (null, not null, null) => "The title is too short to match on; add the arXiv id or DOI to the entry.",
                _ => "The entry has no arXiv id, DOI or title to match on.",
            };
        return new Outcome(EntryOutcome.Unmatched, null, null, reason);
    }
}
