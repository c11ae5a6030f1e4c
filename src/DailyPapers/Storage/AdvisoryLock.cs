using System.Data.Common;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>
/// Lets one process at a time run a job on a PostgreSQL database shared by several nodes (a harvest, a background
/// job): a session-level advisory lock, taken without waiting on a connection of its own and held for the whole
/// run (the job's transactions come and go on other connections). SQLite serves one process, so there it is a no-op.
/// </summary>
public sealed class AdvisoryLock : IAsyncDisposable
{
    private readonly DbConnection? connection;
    private readonly long key;

    private AdvisoryLock(DbConnection? connection, long key)
    {
        this.connection = connection;
        this.key = key;
    }

    /// <summary>The lock named by <paramref name="key"/>, or null when another session holds it.</summary>
    public static async Task<AdvisoryLock?> TryTakeAsync(Database database, long key, CancellationToken ct = default)
    {
        if (!database.IsPostgres)
        {
            return new AdvisoryLock(null, key);
        }
        var connection = await database.OpenAsync(ct);
        try
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(@key)", new { key }, cancellationToken: ct)))
            {
                return new AdvisoryLock(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is null)
        {
            return;
        }
        try
        {
            // A pooled connection outlives Dispose, and a session lock would outlive it with it: unlock explicitly.
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key });
        }
        catch (DbException)
        {
            // The session is gone, and its lock with it.
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }
}
