using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Papers;

/// <summary>
/// Keys the titles of the papers a database held before migration 0020 (the paper writer keys every paper written
/// since). The migration leaves a cursor in <c>site_state</c> when there were papers; each run goes on from it in
/// batches, in arXiv id order, and drops it when done, so a stop loses at most one batch, and two nodes running it
/// at once only write the same keys twice.
/// </summary>
public sealed class TitleKeyBackfill(Database database, ILogger<TitleKeyBackfill> logger)
{
    public const string CursorKey = "paper_title_keys_backfill";

    public const int BatchSize = 2000;

    /// <summary>Whether papers stored before title keys existed are still waiting for theirs.</summary>
    public async Task<bool> PendingAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await SiteState.GetAsync(connection, null, CursorKey) is not null;
    }

    /// <summary>Works through what is left; returns how many papers it keyed (0 when there was nothing to do).</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var keyed = 0;
        while (!ct.IsCancellationRequested)
        {
            await using var connection = await database.OpenAsync(ct);
            var after = await SiteState.GetAsync(connection, null, CursorKey);
            if (after is null)
            {
                break;
            }
            var rows = (await connection.QueryAsync<(string ArxivId, string Title)>(new CommandDefinition(
                "SELECT arxiv_id, title FROM papers WHERE arxiv_id > @after ORDER BY arxiv_id LIMIT @limit",
                new { after, limit = BatchSize }, cancellationToken: ct))).ToList();
            var keys = rows.Select(r => new object?[] { r.ArxivId, TitleKey.HashOf(r.Title) }).ToList();
            await using var tx = await database.BeginWriteAsync(connection, ct);
            // A paper written since the migration has its key from the writer already; this one is the same.
            await SqlRows.InsertAsync(connection, tx, "paper_title_keys", ["arxiv_id", "title_key"], keys, "ON CONFLICT (arxiv_id) DO NOTHING", ct);
            if (rows.Count < BatchSize)
            {
                await connection.ExecuteAsync("DELETE FROM site_state WHERE key = @key", new { key = CursorKey }, tx);
            }
            else
            {
                await SiteState.SetAsync(connection, tx, CursorKey, rows[^1].ArxivId);
            }
            await tx.CommitAsync(ct);
            keyed += rows.Count;
            if (rows.Count < BatchSize)
            {
                logger.LogInformation("Keyed the titles of {Count} papers stored before title keys existed", keyed);
                break;
            }
        }
        return keyed;
    }
}
