using Dapper;
using DailyPapers.Community.Collections;
using DailyPapers.Storage;

namespace DailyPapers.Community.Library;

public sealed partial class LibraryImportStore
{
    /// <summary>
    /// Takes the oldest unfinished import that is due (not waiting for a retry, not held by another node) and holds
    /// it until <paramref name="until"/>; null when none is. The conditional update lets one node at a time have it.
    /// </summary>
    public async Task<LibraryImport?> ClaimAsync(DateTime now, DateTime until, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var due = await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM library_imports WHERE finished_at IS NULL AND (next_fetch_at IS NULL OR next_fetch_at <= @now) " +
            "AND (lease_until IS NULL OR lease_until < @now) ORDER BY id LIMIT 5", new { now }, cancellationToken: ct));
        foreach (var id in due)
        {
            var claimed = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE library_imports SET lease_until = @until WHERE id = @id AND finished_at IS NULL AND (lease_until IS NULL OR lease_until < @now)",
                new { id, now, until }, cancellationToken: ct));
            if (claimed == 1)
            {
                var row = await connection.QuerySingleAsync<ImportRow>(new CommandDefinition($"{SelectImport} WHERE id = @id", new { id }, cancellationToken: ct));
                return row.ToImport(NoCounts);
            }
        }
        return null;
    }

    /// <summary>The arXiv ids an import still waits for, in id order, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<string>> WaitingAsync(long importId, int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT arxiv_id FROM library_import_entries WHERE import_id = @importId AND outcome = @fetching ORDER BY arxiv_id LIMIT @limit",
            new { importId, fetching = OutcomeName(EntryOutcome.Fetching), limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Settles waiting entries in one transaction: the <paramref name="found"/> papers (in the catalogue now) go into
    /// the import's collection and their entries become added or present; the others become unmatched with their
    /// reason. The import is finished when nothing waits any more, and let go either way with its retry count reset.
    /// </summary>
    public async Task SettleAsync(
        long importId, IReadOnlyCollection<string> found, IReadOnlyDictionary<string, string> unmatched, DateTime now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        // Read inside the transaction: a collection the reader deleted meanwhile is NULL here, and gets nothing.
        var collectionId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT collection_id FROM library_imports WHERE id = @importId", new { importId }, tx, cancellationToken: ct));
        var notFound = new Dictionary<string, string>(unmatched, StringComparer.Ordinal);
        IReadOnlySet<string> added = new HashSet<string>();
        if (collectionId is { } collection)
        {
            added = await CollectionStore.AddManyAsync(connection, tx, collection, found, now, ct);
        }
        else
        {
            foreach (var id in found)
            {
                notFound[id] = $"Your collection “{LibraryImportService.CollectionName}” was deleted before this paper arrived.";
            }
        }
        var groups = notFound.GroupBy(u => u.Value, u => u.Key).Select(g => (EntryOutcome.Unmatched, Reason: (string?)g.Key, Ids: g.ToList()))
            .Append((EntryOutcome.Added, null, added.ToList()))
            .Append((EntryOutcome.Present, null, collectionId is null ? [] : found.Where(id => !added.Contains(id)).ToList()));
        foreach (var (outcome, reason, ids) in groups)
        {
            foreach (var chunk in ids.Chunk(500))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE library_import_entries SET outcome = @outcome, reason = @reason " +
                    $"WHERE import_id = @importId AND outcome = @fetching AND {SqlDialect.InList(connection, "arxiv_id", "chunk")}",
                    new { outcome = OutcomeName(outcome), reason, importId, fetching = OutcomeName(EntryOutcome.Fetching), chunk }, tx, cancellationToken: ct));
            }
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE library_imports SET lease_until = NULL, fetch_attempts = 0, fetch_error = NULL, next_fetch_at = NULL, " +
            "finished_at = CASE WHEN EXISTS (SELECT 1 FROM library_import_entries WHERE import_id = @importId AND outcome = @fetching) " +
            "THEN NULL ELSE @now END WHERE id = @importId",
            new { importId, now, fetching = OutcomeName(EntryOutcome.Fetching) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>arXiv could not be asked: the import waits until <paramref name="next"/>, with the reason shown on the page.</summary>
    public async Task DeferAsync(long importId, int attempts, DateTime next, string error, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE library_imports SET lease_until = NULL, fetch_attempts = @attempts, next_fetch_at = @next, fetch_error = @error WHERE id = @importId",
            new { importId, attempts, next, error }, cancellationToken: ct));
    }
}
