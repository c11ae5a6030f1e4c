using System.Data;
using System.Data.Common;
using Dapper;
using DailyPapers.Storage;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Search.Sync;

/// <summary>
/// Reads what changed since a <see cref="ChangeCursor"/> from a table whose rows carry <c>change_seq</c> (and,
/// on PostgreSQL, <c>change_xid</c>), as maintained by the triggers of migration 0003.
/// </summary>
/// <remarks>
/// PostgreSQL hands out sequence values when a row is written, not when its transaction commits: a reader
/// can see change 11 while change 10 is still uncommitted, and a plain "seq &gt; last" would then skip 10 for
/// ever. So each read runs in one REPEATABLE READ snapshot, remembers that snapshot in the cursor, and the next
/// read also takes the rows at or below the old position whose transaction the old snapshot did not see
/// (<c>pg_visible_in_snapshot</c>). Every row version is therefore read at least once after it commits; reads
/// return ids only and callers load the current state, so reading twice is harmless.
/// </remarks>
public static class ChangeFeed
{
    /// <summary>A source of changes: a table (or union of tables) with arxiv_id, change_seq and change_xid, and an optional condition.</summary>
    public sealed record Source(string Table, string Condition = "TRUE");

    /// <summary>Runs <paramref name="read"/> in one consistent read snapshot and returns its result.</summary>
    public static async Task<T> InSnapshotAsync<T>(Database database, Func<DbConnection, DbTransaction, Task<T>> read, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var result = await read(connection, tx);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// The ids changed after <paramref name="cursor"/> in the given sources (at most <paramref name="limit"/> new
    /// positions, plus any late commits), the cursor to continue from, and whether more changes are waiting.
    /// Must run inside <see cref="InSnapshotAsync"/>.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Ids, ChangeCursor Next, bool More)> ReadAsync(
        DbConnection connection, DbTransaction tx, IReadOnlyList<Source> sources, ChangeCursor cursor, object parameters, int limit, CancellationToken ct)
    {
        var postgres = connection is Npgsql.NpgsqlConnection;
        // The snapshot must be the transaction's: taken by this first statement.
        var snapshot = postgres
            ? await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT pg_current_snapshot()::text", transaction: tx, cancellationToken: ct))
            : null;
        var args = new DynamicParameters(parameters);
        args.Add("seq", cursor.Seq);
        args.Add("limit", limit);
        var ids = new List<string>();
        if (postgres && cursor.Snapshot is not null)
        {
            args.Add("snap", cursor.Snapshot);
            var late = string.Join(" UNION ALL ", sources.Select(s =>
                $"SELECT arxiv_id FROM {s.Table} WHERE {s.Condition} AND change_seq <= @seq " +
                "AND change_xid >= pg_snapshot_xmin(CAST(@snap AS pg_snapshot)) AND NOT pg_visible_in_snapshot(change_xid, CAST(@snap AS pg_snapshot))"));
            ids.AddRange(await connection.QueryAsync<string>(new CommandDefinition(late, args, tx, cancellationToken: ct)));
        }
        var fresh = string.Join(" UNION ALL ", sources.Select(s =>
            $"SELECT * FROM (SELECT arxiv_id, change_seq FROM {s.Table} WHERE {s.Condition} AND change_seq > @seq ORDER BY change_seq LIMIT @limit) AS t"));
        var rows = (await connection.QueryAsync<(string ArxivId, long ChangeSeq)>(new CommandDefinition(
            $"SELECT arxiv_id, change_seq FROM ({fresh}) AS changes ORDER BY change_seq LIMIT @limit", args, tx, cancellationToken: ct))).ToList();
        ids.AddRange(rows.Select(r => r.ArxivId));
        var next = new ChangeCursor(rows.Count == 0 ? cursor.Seq : rows[^1].ChangeSeq, snapshot);
        return (ids.Distinct(StringComparer.Ordinal).ToList(), next, rows.Count == limit);
    }
}
