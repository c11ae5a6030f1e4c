using Dapper;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Storage;

/// <summary>What a SQLite file holds, as far as a backup or a restore needs to know.</summary>
public sealed record SqliteFileReport(string IntegrityCheck, IReadOnlySet<string> Tables, int SchemaVersion)
{
    public bool IsIntact => IntegrityCheck == "ok";
}

/// <summary>
/// Online backups of the SQLite database and the checks a restore needs. A copy is taken with SQLite's backup API in
/// one step, under one read transaction: a consistent snapshot of every committed transaction at that moment, while the
/// site goes on reading and writing (WAL mode lets writers continue past a reader).
/// </summary>
public static class SqliteBackup
{
    /// <summary>Copies the live database to <paramref name="target"/> (written beside it, checked, then renamed into place).</summary>
    public static async Task CopyAsync(Database database, string target, CancellationToken ct)
    {
        var temporary = target + ".partial";
        File.Delete(temporary);
        try
        {
            await using (var source = (SqliteConnection)await database.OpenAsync(ct))
            await using (var copy = Open(temporary, SqliteOpenMode.ReadWriteCreate))
            {
                await copy.OpenAsync(ct);
                source.BackupDatabase(copy);
                // One self-contained file: no -wal beside it until it is restored.
                await copy.ExecuteAsync("PRAGMA journal_mode = DELETE");
            }
            var report = await InspectAsync(temporary, ct);
            if (!report.IsIntact)
            {
                throw new InvalidOperationException($"The copy failed its integrity check: {report.IntegrityCheck}");
            }
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Opens <paramref name="file"/> read-only and reports its integrity check, tables and schema version.</summary>
    public static async Task<SqliteFileReport> InspectAsync(string file, CancellationToken ct)
    {
        await using var connection = Open(file, SqliteOpenMode.ReadOnly);
        await connection.OpenAsync(ct);
        var problems = (await connection.QueryAsync<string>("PRAGMA integrity_check")).ToList();
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToHashSet(StringComparer.Ordinal);
        var version = tables.Contains("schema_migrations") ? await connection.ExecuteScalarAsync<int?>("SELECT max(version) FROM schema_migrations") ?? 0 : 0;
        return new SqliteFileReport(string.Join("; ", problems), tables, version);
    }

    /// <summary>
    /// Whether another process has the database open (a running site keeps pooled connections open; so does a verb at
    /// work): it then holds a lock that an exclusive transaction cannot get past.
    /// </summary>
    public static async Task<bool> IsInUseAsync(string file, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            return false;
        }
        // One statement per command, and a one-second wait: Microsoft.Data.Sqlite retries a busy statement for the
        // command timeout whatever busy_timeout says, and a batch whose BEGIN EXCLUSIVE stayed busy ended without an error.
        var settings = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 1 };
        await using var connection = new SqliteConnection(settings.ToString());
        await connection.OpenAsync(ct);
        await connection.ExecuteAsync("PRAGMA locking_mode = EXCLUSIVE");
        try
        {
            await connection.ExecuteAsync("BEGIN EXCLUSIVE");
            await connection.ExecuteAsync("ROLLBACK");
            return false;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6) // SQLITE_BUSY, SQLITE_LOCKED
        {
            return true;
        }
    }

    /// <summary>A connection of its own (no pool), so the file is closed once it is disposed.</summary>
    public static SqliteConnection Open(string file, SqliteOpenMode mode) =>
        new(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());
}
