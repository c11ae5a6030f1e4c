using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>A versioned schema change: <c>NNNN_name.sql</c>, one per provider.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Applies the embedded <c>Storage/Migrations/{Provider}/NNNN_name.sql</c> scripts in order, each in its own
/// transaction, recording them in <c>schema_migrations</c>. Safe to run from several nodes at once: PostgreSQL
/// serialises runners with an advisory lock, SQLite with its write lock.
/// </summary>
public sealed class MigrationRunner(Database database, ILogger<MigrationRunner> logger)
{
    private const long AdvisoryLockKey = 0x4461696c79; // "Daily"

    public static IReadOnlyList<Migration> Available(DatabaseProvider provider)
    {
        var prefix = $"migrations/{provider}/";
        var assembly = typeof(MigrationRunner).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n, n[prefix.Length..^4]))
            .OrderBy(m => m.Version)
            .ToList();
    }

    /// <summary>Applies what is pending and returns the migrations it applied.</summary>
    public Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken ct = default) => MigrateAsync(int.MaxValue, ct);

    /// <summary>Applies what is pending up to and including <paramref name="targetVersion"/> (tests of a migration over stored data).</summary>
    internal async Task<IReadOnlyList<Migration>> MigrateAsync(int targetVersion, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        if (!database.IsPostgres)
        {
            // A new file gets 8 KB pages instead of 4 KB (an existing one keeps its size: this does nothing once
            // the file has content). Papers are 2–3 KB rows, so 4 KB pages split all the time, and each page is
            // its own WAL frame and write: an import's commits took half the time with 8 KB pages.
            await connection.ExecuteAsync("PRAGMA page_size = 8192;");
            // WAL lets readers go on while a writer commits; the setting is stored in the file.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        }
        var applied = new List<Migration>();
        foreach (var migration in Available(database.Provider).Where(m => m.Version <= targetVersion))
        {
            await using var tx = await database.BeginWriteAsync(connection, ct);
            if (database.IsPostgres)
            {
                await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = AdvisoryLockKey }, tx);
            }
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)",
                transaction: tx);
            var done = await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM schema_migrations WHERE version = @v", new { v = migration.Version }, tx);
            if (done > 0)
            {
                await tx.RollbackAsync(ct);
                continue;
            }
            await ExecuteScriptAsync(connection, tx, migration.Sql, ct);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @at)",
                new { migration.Version, migration.Name, at = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture) }, tx);
            await tx.CommitAsync(ct);
            logger.LogInformation("Applied migration {Version} {Name} ({Provider})", migration.Version, migration.Name, database.Provider);
            applied.Add(migration);
        }
        return applied;
    }

    /// <summary>The versions already applied (empty on a new database).</summary>
    public async Task<IReadOnlyList<int>> AppliedVersionsAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        try
        {
            return (await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        }
        catch (DbException)
        {
            return [];
        }
    }

    private static async Task ExecuteScriptAsync(DbConnection connection, DbTransaction tx, string sql, CancellationToken ct)
    {
        // Both Npgsql and Microsoft.Data.Sqlite run a multi-statement script in one command.
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static Migration Load(Assembly assembly, string resource, string fileName)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        var version = int.Parse(fileName[..underscore], CultureInfo.InvariantCulture);
        return new Migration(version, fileName[(underscore + 1)..], reader.ReadToEnd());
    }
}
