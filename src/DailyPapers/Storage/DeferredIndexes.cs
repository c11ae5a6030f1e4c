using System.Data.Common;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>
/// Secondary indexes taken off for a bulk load and built again at its end. An index whose keys arrive in no order
/// (a hash, a DOI) costs a bulk load a page write for nearly every row: each batch touches leaf pages all over
/// the index, and each touched page is written again (SQLite: into the WAL, then by the checkpoint). Building it
/// once at the end sorts the keys and writes each page once. Each dropped index's definition is kept in
/// <c>site_state</c> (key <c>deferred_index:NAME</c>) in the same transaction as the drop, so an interrupted load
/// leaves a record of what to build, and <see cref="RestoreAsync"/> (the next import's start or end) or the web node's
/// <see cref="DeferredIndexBuild"/> (at its start, when no import runs) builds it.
/// Unique indexes are never taken off: they are what keeps rows from repeating.
/// </summary>
public static class DeferredIndexes
{
    private const string KeyPrefix = "deferred_index:";

    /// <summary>
    /// Held (across processes: <see cref="AdvisoryLock.TryTakeAcrossProcessesAsync"/>) by an import for its whole run and
    /// by the web node that builds what an interrupted one left (<see cref="DeferredIndexBuild"/>), so neither races the other.
    /// "BulkIdx" in ASCII.
    /// </summary>
    public const long LockKey = 0x42_75_6c_6b_49_64_78;

    /// <summary>Drops those of <paramref name="names"/> that exist (and are not unique), keeping their definitions; returns their names.</summary>
    public static async Task<IReadOnlyList<string>> DropAsync(Database database, DbConnection connection, IReadOnlyList<string> names, CancellationToken ct = default)
    {
        await using var tx = await database.BeginWriteAsync(connection, ct);
        var definitions = (await connection.QueryAsync<(string Name, string Sql)>(new CommandDefinition(
            database.IsPostgres
                ? "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ANY(@names)"
                : "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND name IN @names",
            new { names = names.ToArray() }, tx, cancellationToken: ct))).ToList();
        var dropped = new List<string>();
        foreach (var (name, sql) in definitions.Where(d => !d.Sql.StartsWith("CREATE UNIQUE", StringComparison.OrdinalIgnoreCase)))
        {
            await SiteState.SetAsync(connection, tx, KeyPrefix + name, sql);
            await connection.ExecuteAsync(new CommandDefinition($"DROP INDEX {Quoted(name)}", transaction: tx, cancellationToken: ct));
            dropped.Add(name);
        }
        await tx.CommitAsync(ct);
        return dropped;
    }

    /// <summary>The names of the indexes taken off and not built again yet.</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(DbConnection connection, CancellationToken ct = default) =>
        (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT key FROM site_state WHERE key LIKE @pattern ORDER BY key", new { pattern = KeyPrefix + "%" }, cancellationToken: ct)))
        .Select(k => k[KeyPrefix.Length..]).ToList();

    /// <summary>Builds every index a bulk load took off (this one's or an interrupted one's) and forgets it; returns their names.</summary>
    public static async Task<IReadOnlyList<string>> RestoreAsync(Database database, DbConnection connection, CancellationToken ct = default)
    {
        await using var tx = await database.BeginWriteAsync(connection, ct);
        var saved = await SavedAsync(connection, tx, ct);
        foreach (var (key, sql) in saved)
        {
            if (!await BuiltAsync(database, connection, tx, key[KeyPrefix.Length..], ct))
            {
                // No timeout: a bulk load's index over millions of rows takes a while to sort.
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: tx, commandTimeout: 0, cancellationToken: ct));
            }
            await SiteState.DeleteAsync(connection, tx, key);
        }
        await tx.CommitAsync(ct);
        return saved.Select(s => s.Key[KeyPrefix.Length..]).ToList();
    }

    /// <summary>
    /// <see cref="RestoreAsync"/> for a site that serves meanwhile (<see cref="DeferredIndexBuild"/>): one index at a
    /// time, and on PostgreSQL with <c>CREATE INDEX CONCURRENTLY</c>, which lets the papers be written during the build
    /// (SQLite has no such build: writers wait for it). The caller holds <see cref="LockKey"/>.
    /// </summary>
    public static async Task BuildOneAsync(Database database, DbConnection connection, string name, CancellationToken ct = default)
    {
        var key = KeyPrefix + name;
        if (!database.IsPostgres)
        {
            await using var tx = await database.BeginWriteAsync(connection, ct);
            var sql = await SiteState.GetAsync(connection, tx, key);
            if (sql is not null && !await BuiltAsync(database, connection, tx, name, ct))
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: tx, commandTimeout: 0, cancellationToken: ct));
            }
            await SiteState.DeleteAsync(connection, tx, key);
            await tx.CommitAsync(ct);
            return;
        }
        // CONCURRENTLY cannot run inside a transaction; a build stopped midway leaves an invalid index, which BuiltAsync drops.
        if (await SiteState.GetAsync(connection, null, key) is { } definition && !await BuiltAsync(database, connection, null, name, ct))
        {
            const string Create = "CREATE INDEX ";
            var sql = definition.StartsWith(Create, StringComparison.Ordinal) ? "CREATE INDEX CONCURRENTLY " + definition[Create.Length..] : definition;
            await connection.ExecuteAsync(new CommandDefinition(sql, commandTimeout: 0, cancellationToken: ct));
        }
        await SiteState.DeleteAsync(connection, null, key);
    }

    private static async Task<List<(string Key, string Sql)>> SavedAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct) =>
        (await connection.QueryAsync<(string Key, string Sql)>(new CommandDefinition(
            "SELECT key, value FROM site_state WHERE key LIKE @pattern ORDER BY key",
            new { pattern = KeyPrefix + "%" }, tx, cancellationToken: ct))).ToList();

    /// <summary>Whether the index exists and is usable; an invalid one (a concurrent build stopped midway, PostgreSQL) is dropped.</summary>
    private static async Task<bool> BuiltAsync(Database database, DbConnection connection, DbTransaction? tx, string name, CancellationToken ct)
    {
        if (!database.IsPostgres)
        {
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = @name", new { name }, tx, cancellationToken: ct)) > 0;
        }
        var valid = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid " +
            "WHERE c.relname = @name AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())", new { name }, tx, cancellationToken: ct));
        if (valid == false)
        {
            await connection.ExecuteAsync(new CommandDefinition($"DROP INDEX {Quoted(name)}", transaction: tx, cancellationToken: ct));
        }
        return valid == true;
    }

    private static string Quoted(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
