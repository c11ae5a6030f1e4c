using Dapper;
using DailyPapers.Ingest.Oai;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DailyPapers.Tests.Ingest.Oai;

public class OaiHarvestScheduleTests
{
    private static readonly DateTimeOffset Monday0900 = new(2026, 4, 13, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-04-13T09:00:00Z", "03:00", "2026-04-14T03:00:00Z")]
    [InlineData("2026-04-13T02:59:59Z", "03:00", "2026-04-13T03:00:00Z")]
    [InlineData("2026-04-13T03:00:00Z", "03:00", "2026-04-14T03:00:00Z")]
    [InlineData("2026-12-31T23:30:00Z", "00:15", "2027-01-01T00:15:00Z")]
    public void The_next_run_is_the_next_time_of_day_in_utc(string now, string timeOfDay, string expected)
    {
        var next = OaiHarvestSchedule.NextRun(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(timeOfDay, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void Options_default_to_off_at_three_for_all_sets_and_bind_from_the_harvest_section()
    {
        using var defaults = Options(new Dictionary<string, string?>());
        using var bound = Options(new Dictionary<string, string?> { ["Harvest:Enabled"] = "true", ["Harvest:TimeOfDayUtc"] = "04:30", ["Harvest:Set"] = "physics:hep-th" });
        using var bad = Options(new Dictionary<string, string?> { ["Harvest:Set"] = "c s" });

        var d = defaults.GetRequiredService<IOptions<OaiHarvestScheduleOptions>>().Value;
        var b = bound.GetRequiredService<IOptions<OaiHarvestScheduleOptions>>().Value;
        Assert.Equal((false, new TimeOnly(3, 0), null), (d.Enabled, d.TimeOfDayUtc, d.Set));
        Assert.Equal((true, new TimeOnly(4, 30), "physics:hep-th"), (b.Enabled, b.TimeOfDayUtc, b.Set));
        Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<OaiHarvestScheduleOptions>>().Value);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Waits_for_the_time_of_day_then_harvests_its_set_and_waits_for_the_next_day(string provider)
    {
        var clock = new ManualClock(Monday0900);
        await using var rig = await OaiHarvestRig.StartAsync(provider, clock, o => o.MinInterval = TimeSpan.Zero, s => s
            .AddOaiHarvestSchedule()
            .Configure<OaiHarvestScheduleOptions>(o => (o.Enabled, o.Set) = (true, "math")));
        var schedule = rig.Services.GetServices<IHostedService>().OfType<OaiHarvestSchedule>().Single();

        await schedule.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal(TimeSpan.FromHours(18), await Eventually(() => clock.PendingWaits.SingleOrDefault()));
            Assert.Empty(rig.Server.Requests);

            clock.Advance(TimeSpan.FromHours(18));

            Assert.Equal(TimeSpan.FromHours(24), await Eventually(() => clock.PendingWaits.SingleOrDefault()));
            var first = OaiReplayServer.Query(rig.Server.Requests[0]);
            Assert.Equal(("math", false), (first["set"], first.ContainsKey("from")));
            Assert.Equal(2, rig.Server.Requests.Count);
            Assert.Equal(7, (await rig.PapersAsync()).Count);
            Assert.False((await rig.CheckpointAsync("math"))!.InProgress);
        }
        finally
        {
            await schedule.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Does_nothing_when_off()
    {
        var clock = new ManualClock(Monday0900);
        await using var rig = await OaiHarvestRig.StartAsync("Sqlite", clock, services: s => s.AddOaiHarvestSchedule());
        var schedule = rig.Services.GetServices<IHostedService>().OfType<OaiHarvestSchedule>().Single();

        await schedule.StartAsync(CancellationToken.None);
        await schedule.ExecuteTask!;

        Assert.Empty(clock.PendingWaits);
        Assert.Empty(rig.Server.Requests);
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

    private static ServiceProvider Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddOaiHarvestSchedule().BuildServiceProvider();
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
