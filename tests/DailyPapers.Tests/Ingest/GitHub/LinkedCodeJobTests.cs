using Dapper;
using DailyPapers.Ingest.GitHub;
using DailyPapers.Papers;
using DailyPapers.Papers.Links;
using DailyPapers.Storage;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Storage;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DailyPapers.Tests.Ingest.GitHub;

/// <summary>The star job against a local GitHub replay server: ETags, rate limits, failures, one node at a time, the backfill.</summary>
public sealed class LinkedCodeJobTests
{
    private static readonly Paper[] Papers =
    [
        PaperStoreTests.Sample("2511.13019") with { Abstract = "We propose MF-RAE. Code is available at https://github.com/sony/mf-rae." },
        PaperStoreTests.Sample("2505.23863") with { Abstract = "Chaotic systems.", Comments = "Code: \\url{https://github.com/tsinghua-fib-lab/PhyxMamba}" },
        PaperStoreTests.Sample("2401.00077") with { Abstract = "A paper whose code is gone: https://github.com/nobody/gone" },
    ];

    private sealed class Rig : IAsyncDisposable
    {
        public required TestDatabase Db { get; init; }
        public required ServiceProvider Services { get; init; }
        public required GitHubReplayServer GitHub { get; init; }
        public required MovableClock Clock { get; init; }
        public LinkedCodeJob Job => Services.GetRequiredService<LinkedCodeJob>();

        public async Task<LinkedCode?> CodeAsync(string id) => await Services.GetRequiredService<LinkedCodeStore>().GetAsync(id);

        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            await GitHub.DisposeAsync();
            await Db.DisposeAsync();
        }
    }

    private static async Task<Rig> StartAsync(string provider, Action<GitHubOptions>? configure = null, bool store = true)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var github = await GitHubReplayServer.StartAsync();
        var clock = new MovableClock();
        var services = db.Services(clock, s => s.Configure<GitHubOptions>(o =>
        {
            o.Enabled = true;
            o.ApiUrl = github.ApiUrl;
            o.MinInterval = TimeSpan.Zero;
            configure?.Invoke(o);
        }));
        if (store)
        {
            await services.GetRequiredService<PaperStore>().UpsertBatchAsync(Papers);
        }
        return new Rig { Db = db, Services = services, GitHub = github, Clock = clock };
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stars_are_read_then_revalidated_with_the_etag(string provider)
    {
        await using var rig = await StartAsync(provider);

        var first = await rig.Job.RunOnceAsync(CancellationToken.None);

        Assert.Equal((2, 0, 1), (first.Read, first.Unchanged, first.Missing));
        var mf = await rig.CodeAsync("2511.13019");
        Assert.Equal(("sony/mf-rae", 128), (mf!.GithubRepo, mf.Stars));
        Assert.Equal(rig.Clock.GetUtcNow().UtcDateTime, mf.StarsReadAt!.Value, TimeSpan.FromMinutes(1));
        Assert.True((await rig.CodeAsync("2401.00077"))!.RepoMissing);
        Assert.All(rig.GitHub.Requests, r => Assert.Null(r.IfNoneMatch));
        Assert.All(rig.GitHub.Requests, r => Assert.StartsWith("DailyPapers/", r.UserAgent, StringComparison.Ordinal));

        // Nothing is due until the refresh interval has passed.
        Assert.Equal(0, (await rig.Job.RunOnceAsync(CancellationToken.None)).Read);
        Assert.Equal(3, rig.GitHub.Requests.Count);

        rig.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        rig.GitHub.SetStars("tsinghua-fib-lab/PhyxMamba", 50);
        var second = await rig.Job.RunOnceAsync(CancellationToken.None);

        Assert.Equal((1, 1, 1), (second.Read, second.Unchanged, second.Missing));
        var again = rig.GitHub.Requests.Skip(3).ToList();
        Assert.Equal(2, again.Count(r => r.IfNoneMatch is not null));
        Assert.Contains(again, r => r.Status == 304);
        Assert.Equal(50, (await rig.CodeAsync("2505.23863"))!.Stars);
        var unchanged = await rig.CodeAsync("2511.13019");
        Assert.Equal(128, unchanged!.Stars);
        Assert.True(unchanged.StarsReadAt > mf.StarsReadAt, "a 304 still counts as a reading");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_retry_after_or_an_empty_rate_limit_stops_requests_until_github_says(string provider)
    {
        await using var rig = await StartAsync(provider);
        rig.GitHub.RefuseNextWithRetryAfter(120);

        var refused = await rig.Job.RunOnceAsync(CancellationToken.None);
        var whilePaused = await rig.Job.RunOnceAsync(CancellationToken.None);

        Assert.Equal(rig.Clock.GetUtcNow() + TimeSpan.FromSeconds(120), refused.PausedUntil!.Value, TimeSpan.FromSeconds(5));
        Assert.Equal(0, refused.Read);
        Assert.Equal(refused.PausedUntil, whilePaused.PausedUntil);
        Assert.Single(rig.GitHub.Requests);

        // After the wait the job goes on, until X-RateLimit-Remaining reaches 0: then it waits for X-RateLimit-Reset.
        rig.Clock.Advance(TimeSpan.FromSeconds(121));
        rig.GitHub.Limit = 2;
        rig.GitHub.Reset = rig.Clock.GetUtcNow().AddMinutes(30);
        var spent = await rig.Job.RunOnceAsync(CancellationToken.None);

        Assert.Equal(rig.GitHub.Reset.ToUnixTimeSeconds(), spent.PausedUntil!.Value.ToUnixTimeSeconds());
        Assert.Equal(2, rig.GitHub.Requests.Count);
        Assert.Equal(1, spent.Read + spent.Missing);
        rig.Clock.Advance(TimeSpan.FromMinutes(31));
        rig.GitHub.Limit = 60;
        var rest = await rig.Job.RunOnceAsync(CancellationToken.None);
        Assert.Null(rest.PausedUntil);
        Assert.Equal(2, rest.Read + rest.Missing);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_github_the_links_stay_and_the_stars_wait_for_a_later_run(string provider)
    {
        await using var rig = await StartAsync(provider, o => o.ApiUrl = new Uri("http://127.0.0.1:1"));

        var offline = await rig.Job.RunOnceAsync(CancellationToken.None);

        Assert.NotNull(offline.Failure);
        var code = await rig.CodeAsync("2511.13019");
        Assert.Equal(("sony/mf-rae", null, null), (code!.GithubRepo, code.Stars, code.StarsReadAt));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_server_error_ends_the_run_and_the_repository_is_read_next_time_with_the_token(string provider)
    {
        await using var rig = await StartAsync(provider, o => o.Token = "github_pat_test");
        rig.GitHub.RefuseNext(502);

        var failed = await rig.Job.RunOnceAsync(CancellationToken.None);
        var next = await rig.Job.RunOnceAsync(CancellationToken.None);

        Assert.Equal("HTTP 502", failed.Failure);
        Assert.Equal(3, next.Read + next.Missing);
        Assert.All(rig.GitHub.Requests, r => Assert.Equal("Bearer github_pat_test", r.Authorization));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task On_postgres_one_node_at_a_time_reads_stars(string provider)
    {
        await using var rig = await StartAsync(provider);
        await using var other = await rig.Db.Database.OpenAsync();
        if (rig.Db.Database.IsPostgres)
        {
            await other.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = LinkedCodeJob.LockKey });
            Assert.True((await rig.Job.RunOnceAsync(CancellationToken.None)).Busy);
            Assert.Empty(rig.GitHub.Requests);
            await other.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = LinkedCodeJob.LockKey });
        }

        var run = await rig.Job.RunOnceAsync(CancellationToken.None);

        // SQLite serves one process: no lock to wait for.
        Assert.False(run.Busy);
        Assert.Equal(3, rig.GitHub.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Papers_stored_before_linked_code_existed_are_read_once_for_links(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var runner = new MigrationRunner(db.Database, NullLogger<MigrationRunner>.Instance);
        await runner.MigrateAsync(targetVersion: 10);
        // Stored as version 10 would: no paper_links row for the link its text names.
        await OldSchemaPapers.InsertAsync(db.Database, Papers[0]);
        await runner.MigrateAsync();
        await using var after = db.Services();

        var first = await after.GetRequiredService<LinkedCodeJob>().RunOnceAsync(CancellationToken.None);
        var second = await after.GetRequiredService<LinkedCodeJob>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, first.Backfilled);
        Assert.Equal(0, second.Backfilled);
        Assert.Equal("sony/mf-rae", (await after.GetRequiredService<LinkedCodeStore>().GetAsync(Papers[0].ArxivId))!.GithubRepo);
    }
}
