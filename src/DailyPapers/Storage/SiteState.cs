using System.Data.Common;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>Small named facts about the database itself (for example, that the demo content was loaded).</summary>
public static class SiteState
{
    public static Task<string?> GetAsync(DbConnection connection, DbTransaction? tx, string key) =>
        connection.QuerySingleOrDefaultAsync<string?>("SELECT value FROM site_state WHERE key = @key", new { key }, tx);

    /// <summary>The values of every key that starts with <paramref name="prefix"/>.</summary>
    public static Task<IEnumerable<string>> GetAllAsync(DbConnection connection, string prefix, CancellationToken ct = default) =>
        connection.QueryAsync<string>(new CommandDefinition(
            "SELECT value FROM site_state WHERE key LIKE @pattern", new { pattern = prefix + "%" }, cancellationToken: ct));

    public static Task SetAsync(DbConnection connection, DbTransaction? tx, string key, string value) =>
        connection.ExecuteAsync(
            "INSERT INTO site_state (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            new { key, value }, tx);

    public static Task DeleteAsync(DbConnection connection, DbTransaction? tx, string key) =>
        connection.ExecuteAsync("DELETE FROM site_state WHERE key = @key", new { key }, tx);

    /// <summary>On PostgreSQL, holds a transaction-scoped advisory lock so nodes starting together take turns.</summary>
    public static async Task LockAsync(Database database, DbConnection connection, DbTransaction tx, long key)
    {
        if (database.IsPostgres)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key }, tx);
        }
    }
}
