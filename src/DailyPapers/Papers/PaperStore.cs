using System.Data.Common;
using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Papers;

/// <summary>What an upsert did to the stored paper.</summary>
public enum UpsertOutcome
{
    Inserted,
    Updated,
    Unchanged,
}

/// <summary>Reads and writes papers with their authors and versions, keyed by arXiv id without version.</summary>
public sealed partial class PaperStore(Database database, TimeProvider clock)
{
    public Database Database => database;

    public async Task<Paper?> GetAsync(string arxivId, CancellationToken ct = default)
    {
        var list = await GetManyAsync([arxivId], ct);
        return list.Count == 0 ? null : list[0];
    }

    /// <summary>The papers with these ids, with authors and versions, in no particular order.</summary>
    public async Task<IReadOnlyList<Paper>> GetManyAsync(IReadOnlyCollection<string> arxivIds, CancellationToken ct = default)
    {
        if (arxivIds.Count == 0)
        {
            return [];
        }
        await using var connection = await database.OpenAsync(ct);
        return await LoadAsync(connection, arxivIds, ct);
    }

    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM papers");
    }

    /// <summary>Upserts one paper in its own transaction.</summary>
    public async Task<UpsertOutcome> UpsertAsync(Paper paper, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        var outcome = (await UpsertBatchAsync(connection, tx, [paper], ct))[0];
        await tx.CommitAsync(ct);
        return outcome;
    }

    /// <summary>
    /// Inserts a new paper or merges a newer description of a stored one, by the rule in PaperStore.Merge.cs:
    /// a record describing an older version than the stored one changes nothing; the same record twice changes
    /// nothing (content hash). Community state (upvotes, hidden) is never overwritten by a source.
    /// </summary>
    public async Task<UpsertOutcome> UpsertAsync(DbConnection connection, DbTransaction tx, Paper paper) =>
        (await UpsertBatchAsync(connection, tx, [paper], CancellationToken.None))[0];
}
