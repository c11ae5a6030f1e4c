using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>
/// Lets one process at a time run a job on a PostgreSQL database shared by several nodes (a harvest, a background
/// job): a session-level advisory lock, taken without waiting on a connection of its own and held for the whole
/// run (the job's transactions come and go on other connections). SQLite serves one process, so there it is a no-op,
/// unless taken <see cref="TryTakeAcrossProcessesAsync">across processes</see> (a verb beside the web node).
/// </summary>
public sealed class AdvisoryLock : IAsyncDisposable
{
    private readonly DbConnection? connection;
    private readonly FileStream? file;
    private readonly long key;

    private AdvisoryLock(DbConnection? connection, long key, FileStream? file = null)
    {
        this.connection = connection;
        this.key = key;
        this.file = file;
    }

    /// <summary>
    /// The same lock, and on a SQLite file held across processes too (an import verb and the web node on one file): an
    /// exclusive lock on <c>FILE.lock-KEY</c> beside the database (.NET takes flock for <see cref="FileShare.None"/>),
    /// which the system drops with the process that held it, so a killed holder leaves nothing to clear.
    /// </summary>
    [SuppressMessage("Reliability", "CA2000", Justification = "The lock owns the file and closes it in DisposeAsync.")]
    public static async Task<AdvisoryLock?> TryTakeAcrossProcessesAsync(Database database, long key, CancellationToken ct = default)
    {
        if (database.IsPostgres || database.SqliteFile is not { Length: > 0 } sqlite || sqlite == ":memory:")
        {
            return await TryTakeAsync(database, key, ct);
        }
        var path = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFullPath(sqlite)}.lock-{key:x}");
        try
        {
            return new AdvisoryLock(null, key, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Held by another process, or by another holder in this one. (A file that could not be made, on a full
            // disk say, is an error to report, not a holder to wait for.)
            return null;
        }
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
        if (file is not null)
        {
            // The file stays: deleting it would let a newcomer lock a new file while an older opener locks the old one.
            await file.DisposeAsync();
        }
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
