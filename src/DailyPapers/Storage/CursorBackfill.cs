using System.Data.Common;

namespace DailyPapers.Storage;

/// <summary>
/// A one-off pass over rows that a migration asks for by leaving a cursor under a key in <c>site_state</c> (its value:
/// the last key done, '' to start): each batch is read after the cursor, written, and the cursor moved (or dropped
/// after the last batch) in one transaction, so a stop loses at most one batch and the next run goes on from there.
/// </summary>
public static class CursorBackfill
{
    /// <summary>Works through what is left; returns how many rows it read (0 when there was nothing to do).</summary>
    /// <param name="read">The next batch after a key, at most <paramref name="batchSize"/> rows in key order.</param>
    /// <param name="keyOf">A row's key, which the cursor remembers.</param>
    /// <param name="write">Writes what a batch gives, inside the transaction that moves the cursor.</param>
    public static async Task<int> RunAsync<T>(
        Database database, string cursorKey, int batchSize,
        Func<DbConnection, string, Task<IReadOnlyList<T>>> read, Func<T, string> keyOf,
        Func<DbConnection, DbTransaction, IReadOnlyList<T>, Task> write, CancellationToken ct)
    {
        var total = 0;
        while (!ct.IsCancellationRequested)
        {
            await using var connection = await database.OpenAsync(ct);
            var after = await SiteState.GetAsync(connection, null, cursorKey);
            if (after is null)
            {
                break;
            }
            var rows = await read(connection, after);
            await using var tx = await database.BeginWriteAsync(connection, ct);
            await write(connection, tx, rows);
            var last = rows.Count < batchSize;
            if (last)
            {
                await SiteState.DeleteAsync(connection, tx, cursorKey);
            }
            else
            {
                await SiteState.SetAsync(connection, tx, cursorKey, keyOf(rows[^1]));
            }
            await tx.CommitAsync(ct);
            total += rows.Count;
            if (last)
            {
                break;
            }
        }
        return total;
    }
}
