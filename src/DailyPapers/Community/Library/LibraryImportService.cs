using DailyPapers.Community.Collections;
using DailyPapers.Storage;

namespace DailyPapers.Community.Library;

/// <summary>An import that was stored, or why it was not.</summary>
public sealed record LibraryImportResult(long? ImportId, string? Error);

/// <summary>
/// Imports a reader's library into their private collection <see cref="CollectionName"/>: the entries are matched
/// (LibraryMatcher), the papers found go into the collection and every entry's outcome is stored, all in one
/// transaction; arXiv papers the catalogue lacks are left waiting for the fetch job, which is woken at once.
/// Importing the same file again adds nothing: its papers are in the collection already.
/// </summary>
public sealed class LibraryImportService(
    Database database, LibraryMatcher matcher, CollectionStore collections, LibraryFetchSignal signal, TimeProvider clock, ILogger<LibraryImportService> logger)
{
    /// <summary>The collection an import fills; the reader's model counts its papers as their library.</summary>
    public const string CollectionName = "Imported library";

    public async Task<LibraryImportResult> ImportAsync(long userId, LibraryFile file, CancellationToken ct = default)
    {
        var entries = await matcher.MatchAsync(file.Entries, ct);
        if (await collections.FindOrCreateAsync(userId, CollectionName, ct) is not { } collectionId)
        {
            return new LibraryImportResult(null,
                $"You have {collections.MaxPerUser} collections, the most one reader can have. Delete one, so that the import can make “{CollectionName}”.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        long id;
        await using (var connection = await database.OpenAsync(ct))
        await using (var tx = await database.BeginWriteAsync(connection, ct))
        {
            var found = entries.Where(e => e.Outcome == EntryOutcome.Added).Select(e => e.ArxivId!).ToList();
            var added = await CollectionStore.AddManyAsync(connection, tx, collectionId, found, now, ct);
            entries = entries.Select(e => e.Outcome == EntryOutcome.Added && !added.Contains(e.ArxivId!) ? e with { Outcome = EntryOutcome.Present } : e).ToList();
            id = await LibraryImportStore.AddAsync(connection, tx, userId, collectionId, file, entries, now, ct);
            await tx.CommitAsync(ct);
        }
        var waiting = entries.Count(e => e.Outcome == EntryOutcome.Fetching);
        logger.LogInformation("Library import {ImportId} of user {UserId}: {Entries} entries, {Added} papers added, {Waiting} to fetch from arXiv",
            id, userId, entries.Count, entries.Count(e => e.Outcome == EntryOutcome.Added), waiting);
        if (waiting > 0)
        {
            signal.Wake();
        }
        return new LibraryImportResult(id, null);
    }
}
