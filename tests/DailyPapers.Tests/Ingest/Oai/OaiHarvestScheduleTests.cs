using System.Globalization;
using Dapper;
using DailyPapers.Ingest.Arxiv;
using DailyPapers.Ingest.Oai;
using DailyPapers.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DailyPapers.Tests.Ingest.Oai;

public class OaiHarvestScheduleTests
{
    private static readonly DateTimeOffset Monday0900 = new(2026, 4, 13, 9, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    // Summer: 20:00 EDT is 00:00 UTC, two hours later 02:00 UTC the next day.
    [InlineData("2026-07-02T01:00:00Z", "2026-07-02T02:00:00Z")] // Wednesday evening Eastern: that evening's run
    [InlineData("2026-07-02T02:00:00Z", "2026-07-03T02:00:00Z")] // on the dot: the next evening's
    [InlineData("2026-07-03T12:00:00Z", "2026-07-06T02:00:00Z")] // Friday: no announcements Friday or Saturday, so Sunday's
    // Winter: 20:00 EST is 01:00 UTC.
    [InlineData("2026-01-05T12:00:00Z", "2026-01-06T03:00:00Z")]
    // The evening of the spring change (Sunday 8 March 2026) is already EDT.
    [InlineData("2026-03-08T12:00:00Z", "2026-03-09T02:00:00Z")]
    public void Runs_two_hours_after_each_announcement_sunday_to_thursday_at_20_00_eastern(string now, string expected)
    {
        Assert.Equal(At(expected), OaiHarvestSchedule.NextRun(At(now), new OaiHarvestScheduleOptions()));
    }

    [Theory]
    [InlineData("2026-04-13T09:00:00Z", "03:00", "2026-04-14T03:00:00Z")]
    [InlineData("2026-04-13T02:59:59Z", "03:00", "2026-04-13T03:00:00Z")]
    [InlineData("2026-04-13T03:00:00Z", "03:00", "2026-04-14T03:00:00Z")]
    [InlineData("2026-12-31T23:30:00Z", "00:15", "2027-01-01T00:15:00Z")]
    public void With_a_time_of_day_in_utc_it_runs_every_day_at_that_time(string now, string timeOfDay, string expected)
    {
        var options = new OaiHarvestScheduleOptions { TimeOfDayUtc = TimeOnly.Parse(timeOfDay, CultureInfo.InvariantCulture) };

        Assert.Equal(At(expected), OaiHarvestSchedule.NextRun(At(now), options));
    }

    [Fact]
    public void The_previous_run_time_is_the_last_announcement_run_at_or_before_now()
    {
        // Saturday: the last run was Thursday evening's (Friday 02:00 UTC).
        Assert.Equal(At("2026-07-03T02:00:00Z"), OaiHarvestSchedule.PreviousRun(At("2026-07-04T12:00:00Z"), new OaiHarvestScheduleOptions()));
    }

    [Fact]
    public void Options_default_to_on_for_five_categories_and_bind_the_list_the_one_line_form_and_the_old_keys()
    {
        using var defaults = Options([]);
        using var list = Options(new() { ["Harvest:Categories:0"] = "cs.cl", ["Harvest:Categories:1"] = "hep-th", ["Harvest:TimeOfDayUtc"] = "04:30" });
        using var flat = Options(new() { ["Harvest:Categories"] = "cs.LG, math" });
        using var set = Options(new() { ["Harvest:Set"] = "physics:hep-th" });

        var (d, categories) = Value(defaults);
        Assert.True(d.Enabled);
        Assert.Equal(["cs.LG", "cs.CL", "cs.CV", "cs.AI", "stat.ML"], categories);
        Assert.Equal([("cs", "cs.LG cs.CL cs.CV cs.AI"), ("stat", "stat.ML")], Requests(defaults));
        Assert.Equal((TimeSpan.FromHours(2), (TimeOnly?)null, 7), (d.DelayAfterAnnouncement, d.TimeOfDayUtc, d.InitialDays));
        Assert.Equal([("cs", "cs.CL"), ("physics:hep-th", "hep-th")], Requests(list));
        Assert.Equal(new TimeOnly(4, 30), Value(list).Options.TimeOfDayUtc);
        Assert.Equal([("cs", "cs.LG"), ("math", "math")], Requests(flat));
        // The old key: one set, whole.
        Assert.Equal([("physics:hep-th", "")], Requests(set));
    }

    [Fact]
    public void Bad_settings_are_refused_naming_the_key()
    {
        using var bad = Options(new() { ["Harvest:Categories:0"] = "cs.XX", ["Harvest:Set"] = "c s", ["Harvest:RetryDelay"] = "00:00:00" });

        var categories = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<HarvestedCategories>>().Value);
        var schedule = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<OaiHarvestScheduleOptions>>().Value);

        Assert.Contains(categories.Failures, f => f.Contains("Harvest:Categories: 'cs.XX'", StringComparison.Ordinal));
        Assert.Contains(schedule.Failures, f => f.StartsWith("Harvest:Set", StringComparison.Ordinal));
        Assert.Contains(schedule.Failures, f => f.StartsWith("Harvest:RetryDelay", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_fresh_node_harvests_at_once_from_a_week_back_then_waits_for_the_next_announcement(string provider)
    {
        var clock = new ManualClock(Monday0900);
        await using var rig = await RigAsync(provider, clock, _ => { }, categories: c => c.Categories = ["math"]);

        await WhileScheduledAsync(rig, async state =>
        {
            // Monday 20:00 EDT + 2 h is Tuesday 02:00 UTC: 17 hours after 09:00.
            Assert.Equal(TimeSpan.FromHours(17), await Eventually(() => clock.PendingWaits.SingleOrDefault()));
            var first = OaiReplayServer.Query(rig.Server.Requests[0]);
            Assert.Equal(("math", "2026-04-06"), (first["set"], first["from"]));
            Assert.Equal(2, rig.Server.Requests.Count);
            // The fixture's papers in math (math.AG, math-ph cross-listed math.MP, …) are kept, the others are not.
            var status = state.Current;
            Assert.Equal((HarvestActivity.Waiting, Monday0900, Monday0900.AddHours(17)), (status.Activity, status.LastSuccessAt, status.NextRunAt));
            Assert.Equal(7, status.LastRun!.Records + status.LastRun.OutOfScope);
            Assert.True(status.LastRun.OutOfScope > 0);
            Assert.Equal(status.LastRun.Inserted, (await rig.PapersAsync()).Count);
            Assert.False((await rig.CheckpointAsync("math"))!.InProgress);

            clock.Advance(TimeSpan.FromHours(17));

            // Tuesday evening's run is 24 hours later; this one asked only for what changed since.
            Assert.Equal(TimeSpan.FromHours(24), await Eventually(() => clock.PendingWaits.SingleOrDefault(w => w > TimeSpan.FromHours(20))));
            // It asked only for what changed since the last harvest (through the fixture's latest datestamp, 2014-12-22).
            Assert.Equal(("math", "2014-12-21"), (OaiReplayServer.Query(rig.Server.Requests[2])["set"], OaiReplayServer.Query(rig.Server.Requests[2])["from"]));
        });
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_node_whose_sets_were_harvested_since_the_last_announcement_waits_for_the_next(string provider)
    {
        var clock = new ManualClock(Monday0900);
        await using var rig = await RigAsync(provider, clock, o => o.Set = "math");
        await using (var connection = await rig.Db.Database.OpenAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            // Completed at 08:00 UTC Monday, after Sunday evening's run (Monday 02:00 UTC).
            await new OaiCheckpoint { Set = "math", HarvestedThrough = new DateOnly(2026, 4, 13), CompletedAt = Monday0900.AddHours(-1) }.SaveAsync(connection, tx);
            await tx.CommitAsync();
        }

        await WhileScheduledAsync(rig, async _ =>
        {
            Assert.Equal(TimeSpan.FromHours(17), await Eventually(() => clock.PendingWaits.SingleOrDefault()));
            Assert.Empty(rig.Server.Requests);
        });
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unreachable_arxiv_is_one_log_line_with_the_next_try_and_the_wait_doubles(string provider)
    {
        var clock = new ManualClock(Monday0900);
        var log = new LogCapture();
        await using var rig = await RigAsync(provider, clock, _ => { }, o => (o.RetryCount, o.OaiUrl) = (0, new Uri(TestApp.ClosedPortUrl + "/oai")), log);

        await WhileScheduledAsync(rig, async state =>
        {
            Assert.Equal(TimeSpan.FromMinutes(5), await Eventually(() => clock.PendingWaits.SingleOrDefault()));
            var line = Assert.Single(log.Notable);
            Assert.Equal(LogLevel.Warning, line.Level);
            Assert.StartsWith("arXiv unreachable: could not reach arXiv OAI", line.Message, StringComparison.Ordinal);
            Assert.EndsWith($", next try at {Monday0900.AddMinutes(5):u}", line.Message, StringComparison.Ordinal);
            var status = state.Current;
            Assert.Equal((HarvestActivity.BackingOff, 1, (DateTimeOffset?)null, Monday0900.AddMinutes(5)),
                (status.Activity, status.FailuresInARow, status.LastSuccessAt, status.NextRunAt));
            Assert.StartsWith("could not reach arXiv OAI", status.LastError, StringComparison.Ordinal);

            // The second failure in a row waits twice as long, and says so in one more line.
            clock.Advance(TimeSpan.FromMinutes(5));

            Assert.Equal(TimeSpan.FromMinutes(10), await Eventually(() => clock.PendingWaits.SingleOrDefault()));
            Assert.Equal(2, state.Current.FailuresInARow);
            Assert.Equal(2, log.Notable.Count);
            Assert.Empty(rig.Server.Requests); // the address is closed: nothing reached the replay server
        });
    }

    [Fact]
    public async Task Does_nothing_when_off()
    {
        var clock = new ManualClock(Monday0900);
        await using var rig = await OaiHarvestRig.StartAsync("Sqlite", clock, services: s => s
            .AddOaiHarvestSchedule()
            .Configure<OaiHarvestScheduleOptions>(o => o.Enabled = false));
        var schedule = rig.Services.GetServices<IHostedService>().OfType<OaiHarvestSchedule>().Single();

        await schedule.StartAsync(CancellationToken.None);
        await schedule.ExecuteTask!;

        Assert.Empty(clock.PendingWaits);
        Assert.Empty(rig.Server.Requests);
        Assert.Equal(HarvestActivity.Off, rig.Services.GetRequiredService<HarvestScheduleState>().Current.Activity);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task On_postgres_a_run_is_skipped_while_another_session_holds_the_harvest_lock(string provider)
    {
        await using var rig = await OaiHarvestRig.StartAsync(provider);
        await using var other = await rig.Db.Database.OpenAsync();
        if (rig.Db.Database.IsPostgres)
        {
            await other.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = OaiHarvestLock.Key });
        }

        var whileHeld = await rig.HarvestAsync(from: "2014-10-01");

        if (rig.Db.Database.IsPostgres)
        {
            Assert.Equal(OaiErrorKind.AlreadyRunning, whileHeld.Error?.Kind);
            Assert.Empty(rig.Server.Requests);
            await other.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = OaiHarvestLock.Key });
            whileHeld = await rig.HarvestAsync(from: "2014-10-01");
        }
        // SQLite serves one process: no lock to wait for.
        Assert.True(whileHeld.Succeeded, whileHeld.Error?.Message);
        Assert.Equal(2, rig.Server.Requests.Count);
        if (rig.Db.Database.IsPostgres)
        {
            // The run let go of its lock: another session can take it at once.
            Assert.True(await other.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(@key)", new { key = OaiHarvestLock.Key }));
        }
    }

    private static Task<OaiHarvestRig> RigAsync(
        string provider, ManualClock clock, Action<OaiHarvestScheduleOptions> harvest, Action<ArxivOptions>? arxiv = null, LogCapture? log = null,
        Action<HarvestedCategories>? categories = null) =>
        OaiHarvestRig.StartAsync(provider, clock, o =>
        {
            o.MinInterval = TimeSpan.Zero;
            arxiv?.Invoke(o);
        }, s =>
        {
            if (log is not null)
            {
                s.AddLogging(b => b.AddProvider(log));
            }
            s.AddOaiHarvestSchedule().Configure(harvest);
            s.Configure(categories ?? (_ => { }));
        });

    /// <summary>Runs <paramref name="body"/> while the rig's schedule runs, then stops it.</summary>
    private static async Task WhileScheduledAsync(OaiHarvestRig rig, Func<HarvestScheduleState, Task> body)
    {
        var schedule = rig.Services.GetServices<IHostedService>().OfType<OaiHarvestSchedule>().Single();
        await schedule.StartAsync(CancellationToken.None);
        try
        {
            await body(rig.Services.GetRequiredService<HarvestScheduleState>());
        }
        finally
        {
            await schedule.StopAsync(CancellationToken.None);
        }
    }

    private static ServiceProvider Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddOaiHarvestSchedule();
        HarvestedCategories.Register(services);
        return services.BuildServiceProvider();
    }

    private static (OaiHarvestScheduleOptions Options, IReadOnlyList<string> Categories) Value(ServiceProvider services) =>
        (services.GetRequiredService<IOptions<OaiHarvestScheduleOptions>>().Value, services.GetRequiredService<IOptions<HarvestedCategories>>().Value.Effective);

    private static List<(string, string)> Requests(ServiceProvider services)
    {
        var (options, categories) = Value(services);
        return options.Requests(categories).Select(r => (r.Set!, string.Join(' ', r.Categories))).ToList();
    }

    /// <summary>Waits (real time, generous) until <paramref name="probe"/> gives a non-default value.</summary>
    private static async Task<T> Eventually<T>(Func<T> probe)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (probe() is { } value && !EqualityComparer<T>.Default.Equals(value, default))
            {
                return value;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }
}
