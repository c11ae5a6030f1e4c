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
}
