using System.Globalization;
using Dapper;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DailyPapers.Tests.Papers;

/// <summary>A paper's arXiv announcement day: arXiv's calendar, and the store that never moves a day later.</summary>
public sealed class AnnouncementDayTests
{
    private static DateOnly Day(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTime Utc(string s) => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    [Theory]
    // Summer (EDT, UTC-4): the 14:00 deadline is 18:00 UTC.
    [InlineData("2026-06-29T17:59:00Z", "2026-06-30")] // Monday 13:59: Monday's deadline, Tuesday's listing
    [InlineData("2026-06-29T18:00:00Z", "2026-07-01")] // Monday 14:00: Tuesday's deadline
    [InlineData("2026-07-02T17:00:00Z", "2026-07-03")] // Thursday before the deadline: Friday
    [InlineData("2026-07-03T17:00:00Z", "2026-07-06")] // Friday before the deadline: announced Sunday evening, Monday's listing
    [InlineData("2026-07-03T19:00:00Z", "2026-07-07")] // Friday after it: Monday's deadline, Tuesday
    [InlineData("2026-07-04T12:00:00Z", "2026-07-07")] // Saturday: Monday's deadline
    [InlineData("2026-07-06T03:00:00Z", "2026-07-07")] // Sunday 23:00 Eastern (Monday in UTC)
    // Winter (EST, UTC-5): the deadline is 19:00 UTC.
    [InlineData("2026-01-05T18:59:00Z", "2026-01-06")]
    [InlineData("2026-01-05T19:00:00Z", "2026-01-07")]
    // The Monday after the spring change (8 March 2026): EDT already.
    [InlineData("2026-03-09T17:59:59Z", "2026-03-10")]
    [InlineData("2026-03-09T18:30:00Z", "2026-03-11")]
    public void A_submission_is_announced_on_the_next_listing_after_its_deadline(string submitted, string expected)
    {
        Assert.Equal(Day(expected), ArxivSchedule.AnnouncementDay(Utc(submitted)));
    }

    [Theory]
    [InlineData("2026-07-01", "2026-07-01T00:00:00Z")] // Wednesday's listing: Tuesday 20:00 EDT
    [InlineData("2026-07-06", "2026-07-06T00:00:00Z")] // Monday's: Sunday 20:00 EDT
    [InlineData("2026-01-05", "2026-01-05T01:00:00Z")] // Monday's in winter: Sunday 20:00 EST
    public void A_listing_goes_out_at_20_00_eastern_the_evening_before(string day, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), ArxivSchedule.AnnouncedAt(Day(day)));
    }

    [Theory]
    [InlineData(1, "2026-07-02", "2026-07-02")] // a single version stamped when the calendar says: that day
    [InlineData(1, "2026-07-01", "2026-07-02")] // stamped earlier (the announcement evening): the calendar's day
    [InlineData(1, "2026-07-06", "2026-07-06")] // stamped a few days later (a holiday): the day arXiv did announce it
    [InlineData(1, "2026-08-20", "2026-07-02")] // stamped weeks later: changed since, the calendar's day
    [InlineData(2, "2026-07-06", "2026-07-02")] // several versions: the stamp is a later version's
    public void An_oai_datestamp_moves_a_single_version_record_only_to_a_later_announcement_within_a_week(int versions, string datestamp, string expected)
    {
        var submitted = Utc("2026-07-01T15:00:00Z"); // Wednesday 11:00 EDT: Thursday's listing by the calendar

        Assert.Equal(Day(expected), ArxivSchedule.AnnouncementDay(submitted, versions, Day(datestamp)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stored_day_moves_only_earlier_whichever_record_brings_it(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var store = services.GetRequiredService<PaperStore>();
        var paper = PaperStoreTests.Sample(versions: 2) with { AnnouncedOn = Day("2023-10-11") };

        Assert.Equal(UpsertOutcome.Inserted, await store.UpsertAsync(paper));
        // The same record with a later day changes nothing; with no day, nothing either.
        Assert.Equal(UpsertOutcome.Unchanged, await store.UpsertAsync(paper with { AnnouncedOn = Day("2023-10-12") }));
        Assert.Equal(UpsertOutcome.Unchanged, await store.UpsertAsync(paper with { AnnouncedOn = null }));
        Assert.Equal(Day("2023-10-11"), (await store.GetAsync(paper.ArxivId))!.AnnouncedOn);

        // A newer version that says a later day updates the text but keeps the day.
        Assert.Equal(UpsertOutcome.Updated, await store.UpsertAsync(PaperStoreTests.Sample(versions: 3, title: "Revised") with { AnnouncedOn = Day("2023-10-20") }));
        var revised = await store.GetAsync(paper.ArxivId);
        Assert.Equal(("Revised", Day("2023-10-11")), (revised!.Title, revised.AnnouncedOn));

        // An older record that knows an earlier day moves only the day: its older text stays out.
        Assert.Equal(UpsertOutcome.Updated, await store.UpsertAsync(paper with { AnnouncedOn = Day("2023-10-10") }));
        var earlier = await store.GetAsync(paper.ArxivId);
        Assert.Equal(("Revised", 3, Day("2023-10-10")), (earlier!.Title, earlier.LatestVersion, earlier.AnnouncedOn));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_paper_stored_without_a_day_takes_the_first_one_told_and_a_batch_keeps_the_earliest(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var store = services.GetRequiredService<PaperStore>();
        var undated = PaperStoreTests.Sample("2401.00001") with { AnnouncedOn = null };
        await store.UpsertAsync(undated);

        var outcomes = await store.UpsertBatchAsync([
            undated with { AnnouncedOn = Day("2024-01-03") },
            undated with { AnnouncedOn = Day("2024-01-02") },
            undated with { AnnouncedOn = Day("2024-01-04") },
            PaperStoreTests.Sample("2401.00002") with { AnnouncedOn = Day("2024-01-05") },
            PaperStoreTests.Sample("2401.00002") with { AnnouncedOn = Day("2024-01-04") },
        ]);

        Assert.Equal([UpsertOutcome.Updated, UpsertOutcome.Updated, UpsertOutcome.Unchanged, UpsertOutcome.Inserted, UpsertOutcome.Updated], outcomes);
        var days = (await store.GetManyAsync(["2401.00001", "2401.00002"])).ToDictionary(p => p.ArxivId, p => p.AnnouncedOn);
        Assert.Equal(Day("2024-01-02"), days["2401.00001"]);
        Assert.Equal(Day("2024-01-04"), days["2401.00002"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Papers_stored_before_announcement_days_get_theirs_from_the_first_version_once(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var store = services.GetRequiredService<PaperStore>();
        // Sample's v1 is Monday 2023-10-09 12:00 UTC (08:00 EDT): Tuesday's listing.
        await store.UpsertBatchAsync(Enumerable.Range(1, 3).Select(i => PaperStoreTests.Sample($"2310.0000{i}")).ToList());
        await using (var connection = await db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE papers SET announced_on = NULL");
            await connection.ExecuteAsync("INSERT INTO site_state (key, value) VALUES (@key, '')", new { key = AnnouncementBackfill.CursorKey });
        }
        var backfill = new AnnouncementBackfill(db.Database, NullLogger<AnnouncementBackfill>.Instance);

        Assert.Equal(3, await backfill.RunAsync(CancellationToken.None));
        Assert.Equal(0, await backfill.RunAsync(CancellationToken.None));

        var papers = await store.GetManyAsync(["2310.00001", "2310.00002", "2310.00003"]);
        Assert.All(papers, p => Assert.Equal(Day("2023-10-10"), p.AnnouncedOn));
        await using var check = await db.Database.OpenAsync();
        Assert.Null(await SiteState.GetAsync(check, null, AnnouncementBackfill.CursorKey));
    }
}
