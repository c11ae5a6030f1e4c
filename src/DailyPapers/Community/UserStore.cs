using System.Data.Common;
using Dapper;

namespace DailyPapers.Community;

/// <summary>Readers' accounts.</summary>
public static class UserStore
{
    /// <summary>Returns the id of the user with this handle, creating it if needed.</summary>
    public static async Task<long> EnsureAsync(DbConnection connection, DbTransaction tx, string handle, string displayName, DateTime now)
    {
        await connection.ExecuteAsync(
            "INSERT INTO users (handle, display_name, created_at) VALUES (@handle, @displayName, @now) ON CONFLICT DO NOTHING",
            new { handle, displayName, now }, tx);
        return await connection.ExecuteScalarAsync<long>("SELECT id FROM users WHERE lower(handle) = lower(@handle)", new { handle }, tx);
    }

    /// <summary>
    /// Holds the reader's row until <paramref name="tx"/> ends, so a per-reader limit counted in the transaction stays
    /// exact under parallel requests. PostgreSQL needs the row lock; on SQLite a write transaction holds the whole file.
    /// </summary>
    public static async Task LockAsync(DbConnection connection, DbTransaction tx, long userId, CancellationToken ct = default)
    {
        if (connection is Npgsql.NpgsqlConnection)
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT id FROM users WHERE id = @userId FOR UPDATE", new { userId }, tx, cancellationToken: ct));
        }
    }
}
