using System.Data.Common;
using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Ingest.Oai;

/// <summary>
/// Lets one process at a time harvest into a PostgreSQL database shared by several nodes: a session-level
/// advisory lock, taken without waiting on a connection of its own and held for the whole run (page
/// transactions come and go on other connections). SQLite serves one process, so there it is a no-op.
/// </summary>
public sealed class OaiHarvestLock : IAsyncDisposable
{
    /// <summary>The advisory lock key: "OAIharv" in ASCII.</summary>
    public const long Key = 0x4f_41_49_68_61_72_76;

    private readonly DbConnection? connection;

    private OaiHarvestLock(DbConnection? connection) => this.connection = connection;

    /// <summary>The lock, or null when another session holds it.</summary>
    public static async Task<OaiHarvestLock?> TryTakeAsync(Database database, CancellationToken ct = default)
    {
        if (!database.IsPostgres)
        {
            return new OaiHarvestLock(null);
        }
        var connection = await database.OpenAsync(ct);
        try
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(@key)", new { key = Key }, cancellationToken: ct)))
            {
                return new OaiHarvestLock(connection);
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
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = Key });
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
