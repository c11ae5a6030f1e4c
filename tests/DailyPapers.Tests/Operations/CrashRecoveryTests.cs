using System.Diagnostics;
using Dapper;
using DailyPapers.Tests.Digest;
using DailyPapers.Tests.Ingest.Oai;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Operations;

/// <summary>
/// kill -9 of the process in the middle of a digest run and of an OAI harvest (the import's is in ImportCrashTests), then
/// the same command again: every digest arrives once, every paper is stored once, as after an uninterrupted run.
/// </summary>
[Collection(OperationsCollection.Name)]
public sealed class CrashRecoveryTests
{
    private static readonly DateOnly Tuesday = DigestSite.Monday.AddDays(1);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_digest_run_killed_midway_and_run_again_sends_each_digest_once(string provider)
    {
        const int subscribers = 12, before = 5;
        await using var site = await DigestSite.StartAsync(provider);
        await site.PutOnListAsync(DigestSite.Monday, (DigestSite.Paper("2611.00021", "Sparse attention for long documents"), 4));
        var emails = await site.AddSubscribersAsync(subscribers);
        var settings = new Dictionary<string, string?>(site.Site.Db.Settings)
        {
            ["Site:BaseUrl"] = DigestSite.BaseUrl,
            ["Search:IndexPath"] = Path.Combine(Path.GetTempPath(), "dailypapers-tests-index", Guid.NewGuid().ToString("N")),
            ["Search:EmbedInBackground"] = "false",
            // The killed run's lease on the job (and on the digests it claimed) runs out soon, as a dead node's would.
            ["Digest:LeaseDuration"] = "00:00:05",
        };
        foreach (var (k, v) in site.Mail.Settings)
        {
            settings[k] = v;
        }
        string[] send = ["digest", "send", "--period", "daily", "--date", Tuesday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)];
        site.Mail.HoldAfter(before);

        using (var run = VerbProcess.Start(settings, send))
        {
            // Killed while the relay sits on the next message, once the ones it accepted are recorded as sent.
            await WaitUntilAsync(async () => site.Mail.Held > 0 && await SentAsync(site) == before, run, "the run to reach the held message");
            await run.KillAsync();
        }
        site.Mail.ReleaseHeld();
        var rerun = await RunUntilTheLeaseIsFreeAsync(settings, send);

        Assert.True(rerun.Exit == 0, rerun.Err);
        var digests = site.Mail.Messages.Where(m => m.Message.Headers.Contains("List-Unsubscribe")).ToList();
        Assert.Equal(emails.Order(), digests.Select(m => m.To).Order());
        Assert.Equal(subscribers, digests.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(subscribers, await SentAsync(site));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_harvest_killed_between_pages_and_run_again_stores_each_paper_once(string provider)
    {
        await using var reference = await OaiHarvestRig.StartAsync(provider);
        await using var crashed = await OaiHarvestRig.StartAsync(provider);
        Assert.True((await reference.HarvestAsync("2014-10-01")).Succeeded);
        var settings = new Dictionary<string, string?>(crashed.Db.Settings)
        {
            ["Arxiv:OaiUrl"] = crashed.Server.OaiUrl.ToString(),
            ["Arxiv:MinInterval"] = "00:00:00.001",
        };
        string[] harvest = ["harvest", "oai", "--from", "2014-10-01"];
        crashed.Server.HoldAfter(1);

        using (var run = VerbProcess.Start(settings, harvest))
        {
            // Page 1 is stored with its checkpoint; the run waits for page 2.
            await WaitUntilAsync(async () => crashed.Server.Held > 0 && await PapersAsync(crashed.Db) > 0, run, "page 1 to be stored");
            await run.KillAsync();
        }
        crashed.Server.ReleaseHeld();
        var rerun = await VerbProcess.RunAsync(settings, harvest);

        Assert.True(rerun.Exit == 0, rerun.Err);
        Assert.Contains("resumed", rerun.Out, StringComparison.Ordinal);
        Assert.Equal(await reference.PapersAsync(), await crashed.PapersAsync());
        await using var connection = await crashed.Db.Database.OpenAsync();
        foreach (var table in new[] { "paper_authors", "paper_versions" })
        {
            var (rows, distinct) = await connection.QuerySingleAsync<(long, long)>(
                $"SELECT count(*), count(DISTINCT arxiv_id || '/' || {(table == "paper_authors" ? "position" : "version")}) FROM {table}");
            Assert.Equal(distinct, rows);
        }
    }

    /// <summary>Runs the verb until it is not refused for the killed run's lease (exit 1 saying another process holds the job).</summary>
    private static async Task<(int Exit, string Out, string Err)> RunUntilTheLeaseIsFreeAsync(IReadOnlyDictionary<string, string?> settings, string[] args)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var result = await VerbProcess.RunAsync(settings, args);
            if (result.Exit == 0 || !result.Err.Contains("is running the digest job", StringComparison.Ordinal) || deadline.Elapsed > TimeSpan.FromMinutes(1))
            {
                return result;
            }
            await Task.Delay(500);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, VerbProcess run, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (run.HasExited)
            {
                var (exit, output, error) = await run.WaitAsync();
                Assert.Fail($"The process ended ({exit}) before {what}:\n{output}\n{error}");
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), $"Waited 2 minutes for {what}.");
            await Task.Delay(20);
        }
    }

    private static async Task<int> SentAsync(DigestSite site)
    {
        await using var connection = await site.Site.Db.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM digest_outbox WHERE status = 'sent'");
    }

    private static async Task<int> PapersAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM papers");
    }
}
