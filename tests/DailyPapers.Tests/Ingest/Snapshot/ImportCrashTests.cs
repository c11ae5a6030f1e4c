using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using DailyPapers.Storage;
using DailyPapers.Tests.Cli;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Ingest.Snapshot;

/// <summary>
/// kill -9 in the middle of `import snapshot`, then the same command again: the database ends up exactly as
/// after one uninterrupted import. Runs the real program as a process on ~20k lines.
/// </summary>
public sealed class ImportCrashTests
{
    private const int Lines = 20_000;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_killed_import_rerun_to_the_end_equals_an_uninterrupted_one(string provider)
    {
        await using var reference = await SnapshotTestRig.CreateAsync(provider);
        await using var crashed = await SnapshotTestRig.CreateAsync(provider);
        var file = crashed.Replicated(Lines);
        string[] import = ["import", "snapshot", file, "--batch-size", "500"];

        var uninterrupted = await MigrateVerbTests.RunAsync(reference.Db.Settings, import);
        Assert.True(uninterrupted.Exit == 0, uninterrupted.Err);

        var committedWhenKilled = await KillMidwayAsync(crashed.Db, import);
        var rerun = await MigrateVerbTests.RunAsync(crashed.Db.Settings, import);

        Assert.True(committedWhenKilled < Lines, "The import finished before it could be killed.");
        Assert.True(rerun.Exit == 0, rerun.Err);
        Assert.Contains($"Resuming at line {committedWhenKilled + 1}", rerun.Err, StringComparison.Ordinal);
        Assert.Matches($@"inserted\s+{(Lines - committedWhenKilled).ToString("N0", CultureInfo.InvariantCulture)}\n", rerun.Out);
        Assert.Equal(Lines, await crashed.Store.CountAsync());
        Assert.Equal(await DumpAsync(reference.Db), await DumpAsync(crashed.Db));
        await using var connection = await crashed.Db.Database.OpenAsync();
        Assert.Empty(await connection.QueryAsync<string>("SELECT key FROM site_state WHERE key LIKE 'snapshot_import:%'"));
    }

    /// <summary>
    /// Starts the import, waits until it has committed a first batch, then kills it on the spot, whole process
    /// tree, without warning: wherever it is, most likely in the middle of writing a batch. Returns how many
    /// papers were committed when it died.
    /// </summary>
    private static async Task<int> KillMidwayAsync(TestDatabase db, string[] import)
    {
        using var process = Start(db.Settings, import);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await using var watcher = await db.Database.OpenAsync();
        var deadline = Stopwatch.StartNew();
        while (await CountAsync(watcher) == 0)
        {
            if (process.HasExited)
            {
                Assert.Fail($"The import ended before committing anything: {await stderr}");
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), "No batch was committed within 2 minutes.");
            await Task.Delay(10);
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        await Task.WhenAll(stderr, stdout);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            // The server finishes the dead client's work (a COMMIT already sent, or rolling back an open
            // transaction) on its own time; pooled idle connections of this test do not count.
            while (await watcher.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'") > 0)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), "The killed import's session did not end.");
                await Task.Delay(20);
            }
        }
        return await CountAsync(watcher);
    }

    private static Process Start(IReadOnlyDictionary<string, string?> env, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DailyPapers.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env)
        {
            psi.Environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;
        }
        return Process.Start(psi)!;
    }

    private static Task<int> CountAsync(DbConnection connection) =>
        connection.ExecuteScalarAsync<int>("SELECT count(*) FROM papers");

    /// <summary>Every paper row (but its write times), author and version, in key order, as text.</summary>
    private static async Task<List<string>> DumpAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync();
        var rows = new List<string>();
        foreach (var sql in new[]
        {
            "SELECT arxiv_id, title, abstract, primary_category, categories, comments, journal_ref, doi, report_no, license, submitter, "
                + "msc_class, acm_class, latest_version, published_at, updated_at, upvotes, hidden, source, content_hash FROM papers ORDER BY arxiv_id",
            "SELECT arxiv_id, position, name, affiliation FROM paper_authors ORDER BY arxiv_id, position",
            "SELECT arxiv_id, version, created_at, size FROM paper_versions ORDER BY arxiv_id, version",
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }
        }
        return rows;
    }
}
