using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using DailyPapers.Storage;
using static DailyPapers.Cli.Verbs;

namespace DailyPapers.Cli;

/// <summary>
/// <c>backup FILE</c>: a consistent copy of the SQLite database while the site runs; <c>restore FILE</c>: a backup put in
/// place as the working folder's database. On PostgreSQL both say which pg_dump/pg_restore commands to run instead (exit 2).
/// </summary>
internal static class BackupVerb
{
    /// <summary>Said instead of a backup on PostgreSQL (README, Deploying, has the same commands).</summary>
    internal const string PostgresBackup =
        "error: the database is PostgreSQL: back it up with pg_dump, e.g.\n" +
        "  pg_dump --format=custom --file=dailypapers.dump \"$DATABASE_URL\"\n" +
        "and restore it with pg_restore into an empty database, e.g.\n" +
        "  pg_restore --clean --if-exists --no-owner --dbname=\"$DATABASE_URL\" dailypapers.dump\n" +
        "Keep a copy of the key file (DataProtection:KeyFile) too, apart from the database backups.";

    internal static Command BackupCommand()
    {
        var command = new Command("backup", "Copy the SQLite database to FILE while the site runs (a consistent snapshot), then exit.");
        var file = new Argument<string>("FILE") { Description = "Where the copy goes (a new file)." };
        var force = new Option<bool>("--force") { Description = "Replace FILE if it exists." };
        command.Arguments.Add(file);
        command.Options.Add(force);
        command.SetAction((parse, ct) => RunAsync((services, ct) => BackupAsync(services, Path.GetFullPath(parse.GetValue(file)!), parse.GetValue(force), ct), ct));
        return command;
    }

    internal static Command RestoreCommand()
    {
        var command = new Command("restore", "Put a backup in place as the working folder's SQLite database (stop the site first), then exit.");
        var file = new Argument<string>("FILE") { Description = "A backup made by the backup verb." };
        var force = new Option<bool>("--force") { Description = "Replace the database that is there (it is kept beside it, renamed)." };
        command.Arguments.Add(file);
        command.Options.Add(force);
        command.SetAction((parse, ct) => RunAsync((services, ct) => RestoreAsync(services, Path.GetFullPath(parse.GetValue(file)!), parse.GetValue(force), ct), ct));
        return command;
    }

    private static async Task<int> BackupAsync(IServiceProvider services, string target, bool force, CancellationToken ct)
    {
        var database = services.GetRequiredService<Database>();
        if (database.IsPostgres)
        {
            await Console.Error.WriteLineAsync(PostgresBackup);
            return 2;
        }
        var source = Path.GetFullPath(database.SqliteFile!);
        if (!File.Exists(source))
        {
            await Console.Error.WriteLineAsync($"error: there is no database at {source}");
            return 1;
        }
        if (File.Exists(target) && !force)
        {
            await Console.Error.WriteLineAsync($"error: {target} exists; choose a new file or add --force to replace it");
            return 1;
        }
        var clock = Stopwatch.StartNew();
        await SqliteBackup.CopyAsync(database, target, ct);
        var report = await SqliteBackup.InspectAsync(target, ct);
        var papers = await PapersAsync(target, ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Backed up {source} to {target}: {papers:N0} papers, schema version {report.SchemaVersion}, {new FileInfo(target).Length / 1048576.0:0.0} MB, integrity ok, in {clock.Elapsed.TotalSeconds:0.0} s."));
        Console.WriteLine($"The key file {Path.GetFullPath(services.GetRequiredService<SiteKey>().KeyFile)} is not in the backup: keep a copy of it as well, apart from the database backups (a restored database needs it).");
        return 0;
    }

    private static async Task<int> RestoreAsync(IServiceProvider services, string backup, bool force, CancellationToken ct)
    {
        var database = services.GetRequiredService<Database>();
        if (database.IsPostgres)
        {
            await Console.Error.WriteLineAsync(PostgresBackup);
            return 2;
        }
        if (!File.Exists(backup))
        {
            await Console.Error.WriteLineAsync($"error: there is no file {backup}");
            return 1;
        }
        if (await Refusal(backup, ct) is { } refused)
        {
            await Console.Error.WriteLineAsync($"error: {backup} {refused}; nothing was changed");
            return 1;
        }
        var target = Path.GetFullPath(database.SqliteFile!);
        if (File.Exists(target) && !force)
        {
            await Console.Error.WriteLineAsync($"error: {target} exists; add --force to replace it (it is kept beside it, renamed)");
            return 1;
        }
        if (await SqliteBackup.IsInUseAsync(target, ct))
        {
            await Console.Error.WriteLineAsync($"error: {target} is open in another process (a running site or verb); stop it first");
            return 1;
        }
        var restoring = target + ".restoring";
        File.Copy(backup, restoring, overwrite: true);
        await using (var copy = SqliteBackup.Open(restoring, Microsoft.Data.Sqlite.SqliteOpenMode.ReadWrite))
        {
            await copy.OpenAsync(ct);
            await copy.ExecuteAsync("PRAGMA journal_mode = WAL");
            // To the nodes' search indexes this is another database: an index that followed the live one past the
            // backup's changes would otherwise skip the changes made from here on. Each node rebuilds its index.
            await copy.ExecuteAsync("UPDATE site_state SET value = @id WHERE key = 'search_database_id'", new { id = Guid.NewGuid().ToString() });
        }
        var kept = File.Exists(target) ? KeepAside(target) : null;
        File.Move(restoring, target);
        var report = await SqliteBackup.InspectAsync(target, ct);
        var papers = await PapersAsync(target, ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Restored {backup} as {target}: {papers:N0} papers, schema version {report.SchemaVersion}."));
        if (kept is not null)
        {
            Console.WriteLine($"The database it replaced is kept as {kept}.");
        }
        Console.WriteLine($"The site needs the key file this database was made with at {Path.GetFullPath(services.GetRequiredService<SiteKey>().KeyFile)}; each node rebuilds its search index when it starts.");
        return 0;
    }

    /// <summary>Why <paramref name="backup"/> cannot be restored, or null when it is an intact DailyPapers database this version can run.</summary>
    private static async Task<string?> Refusal(string backup, CancellationToken ct)
    {
        SqliteFileReport report;
        try
        {
            report = await SqliteBackup.InspectAsync(backup, ct);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            return $"is not a SQLite database ({e.Message})";
        }
        var latest = MigrationRunner.Available(DatabaseProvider.Sqlite).Max(m => m.Version);
        return !report.IsIntact ? $"fails its integrity check: {report.IntegrityCheck}"
            : !report.Tables.IsSupersetOf(["schema_migrations", "papers", "site_state"]) ? "is not a DailyPapers database (no schema_migrations, papers and site_state tables)"
            : report.SchemaVersion > latest ? $"was made by a newer version (schema {report.SchemaVersion}; this one knows up to {latest})"
            : null;
    }

    /// <summary>How many papers the SQLite file at <paramref name="file"/> holds, for the verbs' last line.</summary>
    private static async Task<long> PapersAsync(string file, CancellationToken ct)
    {
        await using var connection = SqliteBackup.Open(file, Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM papers", cancellationToken: ct));
    }

    /// <summary>Renames the database (and its -wal and -shm, which belong to it) out of the way; returns its new name.</summary>
    private static string KeepAside(string target)
    {
        var kept = $"{target}.replaced-{DateTime.UtcNow.ToString("yyyyMMddTHHmmss", CultureInfo.InvariantCulture)}";
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(target + suffix))
            {
                File.Move(target + suffix, kept + suffix);
            }
        }
        File.Move(target, kept);
        return kept;
    }
}
