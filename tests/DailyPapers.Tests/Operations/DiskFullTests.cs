using System.Globalization;
using System.Net;
using Dapper;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Ingest.Snapshot;
using DailyPapers.Tests.Search;
using DailyPapers.Tests.Support;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Tests.Operations;

/// <summary>
/// The SQLite file on a small tmpfs that fills up during an import and during a vote: a clear error, a database that
/// passes <c>PRAGMA integrity_check</c>, and the same work done once space is freed.
/// </summary>
[Collection(OperationsCollection.Name)]
public sealed class DiskFullTests
{
    [RootFact]
    public async Task An_import_that_fills_the_disk_stops_with_a_clear_error_and_resumes_once_space_is_freed()
    {
        const int lines = 5000;
        await using var disk = await SmallDisk.MountAsync(32);
        await using var rig = await SnapshotTestRig.CreateAsync("Sqlite");
        var file = rig.Replicated(lines);
        var database = Path.Combine(disk.Path, "dailypapers.db");
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Database"] = $"Data Source={database}" };
        Assert.Equal(0, (await VerbProcess.RunAsync(settings, "migrate", "--no-demo")).Exit);
        await disk.FillAsync(leave: 3 * 1024 * 1024);
        string[] import = ["import", "snapshot", file, "--batch-size", "500"];

        var full = await VerbProcess.RunAsync(settings, import);

        Assert.Equal(1, full.Exit);
        Assert.Contains("error: the disk holding the database is full", full.Err, StringComparison.Ordinal);
        Assert.Equal("ok", await IntegrityCheckAsync(database));
        var stored = await CountAsync(database, "papers");
        Assert.InRange(stored, 1, lines - 1);

        disk.Free();
        var rerun = await VerbProcess.RunAsync(settings, import);

        Assert.True(rerun.Exit == 0, rerun.Err);
        Assert.Contains($"Resuming at line {stored + 1}", rerun.Err, StringComparison.Ordinal);
        Assert.Equal(lines, await CountAsync(database, "papers"));
        Assert.Equal("ok", await IntegrityCheckAsync(database));
    }

    [RootFact]
    public async Task A_vote_on_a_full_disk_gets_a_clear_503_and_counts_once_space_is_freed()
    {
        await using var disk = await SmallDisk.MountAsync(24);
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false, sqliteFolder: disk.Path);
        await using var site = await AccountsSite.StartAsync("Sqlite", sharedDb: db);
        var paper = SearchTestPapers.Make("2612.00031", "Checkpointing on full disks", "What a database does when the disk is full.",
            ["Grace Hopper"], ["cs.DB"], DateTime.UtcNow);
        await site.PutOnTodaysListAsync(paper);
        var reader = site.Client();
        await site.SignInAsync(reader, $"full-{Guid.NewGuid():N}@example.org");
        var form = await AccountsSite.GetFormAsync(reader, "/papers/" + paper.ArxivId, "form.vote-form");
        var database = db.ConnectionString["Data Source=".Length..];
        // The log in front of the database emptied, so the vote's first write needs new space.
        await using (var connection = SqliteBackup(database))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("PRAGMA busy_timeout = 10000; PRAGMA wal_checkpoint(TRUNCATE);");
        }
        await disk.FillAsync();

        var refused = await VoteAsync(reader, paper.ArxivId, form);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("\"title\":\"The server's disk is full\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("ok", await IntegrityCheckAsync(database));
        Assert.Equal(0, await CountAsync(database, "votes"));

        disk.Free();
        var counted = await VoteAsync(reader, paper.ArxivId, form);

        Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
        Assert.Contains("\"upvotes\":1", await counted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(database, "votes"));
        Assert.Equal("ok", await IntegrityCheckAsync(database));
    }

    private static Task<HttpResponseMessage> VoteAsync(HttpClient reader, string arxivId, Dictionary<string, string> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/vote/" + arxivId) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.ParseAdd("application/json");
        return reader.SendAsync(request);
    }

    private static SqliteConnection SqliteBackup(string file) => DailyPapers.Storage.SqliteBackup.Open(file, SqliteOpenMode.ReadWrite);

    private static async Task<string> IntegrityCheckAsync(string file) =>
        (await DailyPapers.Storage.SqliteBackup.InspectAsync(file, CancellationToken.None)).IntegrityCheck;

    private static async Task<long> CountAsync(string file, string table)
    {
        await using var connection = DailyPapers.Storage.SqliteBackup.Open(file, SqliteOpenMode.ReadOnly);
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(string.Create(CultureInfo.InvariantCulture, $"SELECT count(*) FROM {table}"));
    }
}
