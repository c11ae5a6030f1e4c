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

/// <summary>
/// The paper repository: reads and writes papers with their authors and versions, keyed by arXiv id without
/// version. Writes go through the bulk writer (<see cref="PaperBatchWriter"/>), so one paper and an import merge alike.
/// </summary>
public sealed partial class PaperStore(Database database, TimeProvider clock)
{
    public Database Database => database;

    /// <summary>
    /// The paper indexes whose keys come in no particular order however the papers arrive (a title's hash, a DOI):
    /// a bulk load takes them off and builds them at its end (<see cref="DeferredIndexes"/>). The others follow the
    /// arXiv id or the submission time, which the snapshot file lists in order, and stay.
    /// </summary>
    public static readonly IReadOnlyList<string> ScatteredIndexes = ["ix_paper_title_keys_key", "ix_papers_doi"];

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
    /// Inserts a new paper or merges a newer description of a stored one, by the rule in PaperBatchWriter.Merge.cs:
    /// a record describing an older version than the stored one changes nothing; the same record twice changes
    /// nothing (content hash). Community state (upvotes, hidden) is never overwritten by a source.
    /// </summary>
    public async Task<UpsertOutcome> UpsertAsync(DbConnection connection, DbTransaction tx, Paper paper) =>
        (await UpsertBatchAsync(connection, tx, [paper], CancellationToken.None))[0];

    /// <summary>Upserts many papers in one transaction of their own; the outcomes are in the papers' order.</summary>
    public async Task<IReadOnlyList<UpsertOutcome>> UpsertBatchAsync(IReadOnlyList<Paper> papers, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        var outcomes = await UpsertBatchAsync(connection, tx, PreparedBatch.Of(papers), ct);
        await tx.CommitAsync(ct);
        return outcomes;
    }

    /// <inheritdoc cref="UpsertBatchAsync(DbConnection, DbTransaction, PreparedBatch, CancellationToken)"/>
    public Task<IReadOnlyList<UpsertOutcome>> UpsertBatchAsync(
        DbConnection connection, DbTransaction tx, IReadOnlyList<Paper> papers, CancellationToken ct = default) =>
        UpsertBatchAsync(connection, tx, PreparedBatch.Of(papers), ct);

    /// <summary>
    /// Upserts many papers inside the caller's transaction, with exactly the outcome of upserting them one by
    /// one in list order (a paper listed twice is merged twice). For a long run of batches on one connection,
    /// <see cref="OpenBatchWriterAsync"/> does the same without preparing its statements again for each batch.
    /// </summary>
    public async Task<IReadOnlyList<UpsertOutcome>> UpsertBatchAsync(
        DbConnection connection, DbTransaction tx, PreparedBatch batch, CancellationToken ct = default)
    {
        using var writer = new PaperBatchWriter(clock, connection);
        return await writer.UpsertAsync(tx, batch, ct);
    }

    /// <inheritdoc cref="PaperBatchWriter.OpenAsync"/>
    public Task<PaperBatchWriter> OpenBatchWriterAsync(DbConnection connection, CancellationToken ct = default) =>
        PaperBatchWriter.OpenAsync(clock, connection, ct);
}
