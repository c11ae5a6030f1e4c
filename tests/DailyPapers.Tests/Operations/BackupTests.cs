using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Dapper;
using DailyPapers.Storage;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Search;
using DailyPapers.Tests.Support;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Tests.Operations;

/// <summary>
/// <c>backup FILE</c> while readers vote on the running site, then <c>restore FILE</c> into another working folder: the copy
/// is one consistent moment (every vote acknowledged before it began, each paper's count equal to its vote rows, nothing that
/// was never cast), and a copy taken once the votes stopped restores to exactly the live database. Restore refuses to
/// overwrite without <c>--force</c> and refuses a database a running site holds open.
/// </summary>
[Collection(OperationsCollection.Name)]
public sealed class BackupTests
{
    private const int Papers = 12;
    private const int Voters = 6;

    [Fact]
    public async Task A_backup_taken_while_votes_are_written_restores_to_a_consistent_copy_and_an_idle_one_to_an_exact_copy()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite", new Dictionary<string, string?> { ["RateLimits:Votes:PermitLimit"] = "100000" });
        var ids = Enumerable.Range(1, Papers).Select(i => $"2612.{i + 100:00000}").ToArray();
        await site.PutOnTodaysListAsync([.. ids.Select(id => SearchTestPapers.Make(id, $"Backups, part {id}", "Copies taken while others write.", ["Ada Lovelace"], ["cs.DB"], DateTime.UtcNow))]);
        var voters = new List<(HttpClient Client, Dictionary<string, string> Form)>();
        for (var i = 0; i < Voters; i++)
        {
            var client = site.Client();
            await site.SignInAsync(client, $"voter{i}-{Guid.NewGuid():N}@example.org");
            voters.Add((client, await AccountsSite.GetFormAsync(client, "/papers/" + ids[0], "form.vote-form")));
        }
        var live = site.Db.ConnectionString["Data Source=".Length..];
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Database"] = site.Db.ConnectionString };
        var folder = Directory.CreateTempSubdirectory("dailypapers-backup-").FullName;
        try
        {
            var backup = Path.Combine(folder, "during.db");
            var acknowledged = new ConcurrentQueue<(TimeSpan At, int Voter, string ArxivId)>();
            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource();
            var voting = voters.Select((v, n) => Task.Run(async () =>
            {
                // Each voter goes round the papers, voting up then removing, so rows come and go throughout.
                for (var round = 0; !stop.IsCancellationRequested; round++)
                {
                    var id = ids[(round + n) % ids.Length];
                    var form = new Dictionary<string, string>(v.Form) { ["vote"] = round / ids.Length % 2 == 0 ? "up" : "remove" };
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/vote/" + id) { Content = new FormUrlEncodedContent(form) };
                    request.Headers.Accept.ParseAdd("application/json");
                    using var response = await v.Client.SendAsync(request);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    acknowledged.Enqueue((clock.Elapsed, n, id));
                }
            })).ToList();
            while (acknowledged.Count < 20)
            {
                await Task.Delay(10);
            }
            var started = clock.Elapsed;
            var during = await VerbProcess.RunAsync(settings, "backup", backup);
            var ended = clock.Elapsed;
            await stop.CancelAsync();
            await Task.WhenAll(voting);

            Assert.True(during.Exit == 0, during.Err);
            Assert.Contains("integrity ok", during.Out, StringComparison.Ordinal);
            Assert.Contains(acknowledged, a => a.At > started && a.At < ended);
            Assert.Contains(acknowledged, a => a.At > ended);
            var restored = Path.Combine(folder, "restored", "dailypapers.db");
            Directory.CreateDirectory(Path.GetDirectoryName(restored)!);
            var there = new Dictionary<string, string?> { ["ConnectionStrings:Database"] = $"Data Source={restored}" };
            var restore = await VerbProcess.RunAsync(there, "restore", backup);
            Assert.True(restore.Exit == 0, restore.Err);
            Assert.Equal("ok", (await SqliteBackup.InspectAsync(restored, CancellationToken.None)).IntegrityCheck);
            await AssertConsistentAsync(restored, ids);
            // A voter's votes are in the copy as they stood at one moment between the last answer before the backup began
            // and the first after it ended.
            var copy = await VotesAsync(restored);
            var users = await VoterIdsAsync(site, voters.Count);
            foreach (var (voter, userId) in users.Select((u, n) => (n, u)))
            {
                var mine = copy.Where(v => v.UserId == userId).Select(v => v.ArxivId).ToHashSet();
                var answers = acknowledged.Where(a => a.Voter == voter).OrderBy(a => a.At).ToList();
                // The copy holds the voter's votes as some prefix of their answered votes left them: at least those answered
                // before the backup began, at most those answered before it ended and the one then under way.
                var first = answers.Count(a => a.At < started);
                var last = Math.Min(answers.Count, answers.Count(a => a.At <= ended) + 1);
                Assert.True(Enumerable.Range(first, last - first + 1).Any(k => mine.SetEquals(Replay(answers.Take(k), ids, voter))),
                    $"Voter {voter}'s votes in the copy ({string.Join(",", mine.Order())}) are not what their votes {first} to {last} left.");
            }

            var exists = await VerbProcess.RunAsync(there, "restore", backup);
            Assert.Equal(1, exists.Exit);
            Assert.Contains("add --force", exists.Err, StringComparison.Ordinal);
            var idle = Path.Combine(folder, "idle.db");
            Assert.Equal(0, (await VerbProcess.RunAsync(settings, "backup", idle)).Exit);
            var forced = await VerbProcess.RunAsync(there, "restore", idle, "--force");
            Assert.True(forced.Exit == 0, forced.Err);
            Assert.Contains("is kept as", forced.Out, StringComparison.Ordinal);
            Assert.Equal(await DumpAsync(live), await DumpAsync(restored));

            var inUse = await VerbProcess.RunAsync(settings, "restore", idle, "--force");
            Assert.Equal(1, inUse.Exit);
            Assert.Contains("is open in another process", inUse.Err, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task On_PostgreSQL_backup_and_restore_give_the_pg_dump_and_pg_restore_commands()
    {
        await using var db = await TestDatabase.CreateAsync("Postgres");

        foreach (var verb in new[] { "backup", "restore" })
        {
            var run = await VerbProcess.RunAsync(db.Settings, verb, Path.Combine(Path.GetTempPath(), "unused.dump"));
            Assert.Equal(2, run.Exit);
            Assert.Contains("pg_dump --format=custom", run.Err, StringComparison.Ordinal);
            Assert.Contains("pg_restore --clean --if-exists", run.Err, StringComparison.Ordinal);
        }
    }

    /// <summary>The papers a voter's answered votes leave upvoted, in the order they were answered.</summary>
    private static HashSet<string> Replay(IEnumerable<(TimeSpan At, int Voter, string ArxivId)> answered, string[] ids, int voter)
    {
        var up = new HashSet<string>(StringComparer.Ordinal);
        var round = 0;
        foreach (var a in answered)
        {
            Assert.Equal(ids[(round + voter) % ids.Length], a.ArxivId);
            if (round / ids.Length % 2 == 0)
            {
                up.Add(a.ArxivId);
            }
            else
            {
                up.Remove(a.ArxivId);
            }
            round++;
        }
        return up;
    }

    /// <summary>Each paper's upvote count equals its vote rows in <paramref name="file"/>.</summary>
    private static async Task AssertConsistentAsync(string file, string[] ids)
    {
        await using var connection = SqliteBackup.Open(file, SqliteOpenMode.ReadOnly);
        var wrong = (await connection.QueryAsync<(string ArxivId, long Upvotes, long Rows)>(
            "SELECT p.arxiv_id, p.upvotes, (SELECT count(*) FROM votes v WHERE v.arxiv_id = p.arxiv_id) FROM papers p WHERE p.arxiv_id IN @ids", new { ids }))
            .Where(p => p.Upvotes != p.Rows).ToList();
        Assert.True(wrong.Count == 0, "Counts that do not match their vote rows: " + string.Join("; ", wrong));
    }

    private static async Task<List<(long UserId, string ArxivId)>> VotesAsync(string file)
    {
        await using var connection = SqliteBackup.Open(file, SqliteOpenMode.ReadOnly);
        return [.. await connection.QueryAsync<(long, string)>("SELECT user_id, arxiv_id FROM votes")];
    }

    /// <summary>The voters' account ids, in the order they signed in.</summary>
    private static async Task<List<long>> VoterIdsAsync(AccountsSite site, int count)
    {
        await using var connection = await site.Db.Database.OpenAsync();
        var ids = (await connection.QueryAsync<long>("SELECT id FROM users WHERE email LIKE 'voter%' ORDER BY id")).ToList();
        Assert.Equal(count, ids.Count);
        return ids;
    }

    /// <summary>Every row of the tables a reader's actions change, as text, to compare two databases.</summary>
    private static async Task<string> DumpAsync(string file)
    {
        await using var connection = SqliteBackup.Open(file, SqliteOpenMode.ReadOnly);
        var lines = new List<string>();
        foreach (var (table, order) in new[] { ("users", "id"), ("votes", "user_id, arxiv_id"), ("papers", "arxiv_id"), ("daily_entries", "arxiv_id") })
        {
            foreach (IDictionary<string, object?> row in await connection.QueryAsync($"SELECT * FROM {table} ORDER BY {order}"))
            {
                lines.Add(table + ": " + string.Join(" | ", row.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}={c.Value}"))));
            }
        }
        return string.Join('\n', lines);
    }
}
