using DailyPapers.Ingest.Oai;
using DailyPapers.Papers;
using DailyPapers.Tests.Ingest.Arxiv;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Ingest.Oai;

/// <summary>Harvests against the replay server into a real database of each provider.</summary>
public class OaiHarvesterTests
{
    private static readonly Dictionary<string, string> FirstPageQuery = new()
    {
        ["verb"] = "ListRecords",
        ["metadataPrefix"] = "arXivRaw",
        ["from"] = "2014-10-01",
    };

    private static readonly Dictionary<string, string> SecondPageQuery = new()
    {
        ["verb"] = "ListRecords",
        ["resumptionToken"] = OaiReplayServer.Page1Token,
    };

    private static IEnumerable<Dictionary<string, string>> Queries(OaiHarvestRig rig) => rig.Server.Requests.Select(OaiReplayServer.Query);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Follows_the_resumption_token_to_the_last_page_and_checkpoints_the_harvest(string provider)
    {
        await using var rig = await OaiHarvestRig.StartAsync(provider);

        var result = await rig.HarvestAsync(from: "2014-10-01");

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal((2, 7L, 7L, 0L, 0L, 1L), (result.Progress.Pages, result.Progress.Records, result.Progress.Inserted,
            result.Progress.Updated, result.Progress.Unchanged, result.Progress.Deleted));
        Assert.Equal([FirstPageQuery, SecondPageQuery], Queries(rig));
        var stored = await rig.Services.GetRequiredService<PaperStore>().GetAsync("1302.2146");
        Assert.NotNull(stored);
        Assert.Equal(("oai", "hep-ph", 4), (stored.Source, stored.PrimaryCategory, stored.Authors.Count));
        Assert.Equal(["853kb", "849kb"], stored.Versions.Select(v => v.Size));
        Assert.Null(await rig.Services.GetRequiredService<PaperStore>().GetAsync("0704.0002"));
        var checkpoint = await rig.CheckpointAsync();
        Assert.NotNull(checkpoint);
        Assert.False(checkpoint.InProgress);
        // The latest datestamp of the harvest's records (0704.0716, 2014-12-22), not the server's answer date.
        Assert.Equal((new DateOnly(2014, 10, 1), new DateOnly(2014, 12, 22)), (checkpoint.From, checkpoint.HarvestedThrough));
        Assert.Equal(new DateOnly(2014, 12, 22), result.HarvestedThrough);

        var again = await rig.HarvestAsync(from: "2014-10-01");

        Assert.True(again.Succeeded, again.Error?.Message);
        Assert.Equal((7L, 0L, 7L), (again.Progress.Records, again.Progress.Inserted, again.Progress.Unchanged));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_harvest_killed_after_a_page_resumes_from_the_stored_token(string provider)
    {
        await using var rig = await OaiHarvestRig.StartAsync(provider);
        // Page 1 is served; page 2 fails past the retry budget (one retry): a dropped connection, then a 500.
        rig.Server.FailNext(new ReplayFault(), ReplayFault.Drop(), ReplayFault.ServerError());

        var killed = await rig.HarvestAsync(from: "2014-10-01");

        Assert.Equal(new OaiError(OaiErrorKind.HttpError, "arXiv OAI answered 500 Internal Server Error (tried 2 times)"), killed.Error);
        Assert.Equal(1, killed.Progress.Pages);
        Assert.Equal(6, (await rig.PapersAsync()).Count);
        var checkpoint = await rig.CheckpointAsync();
        Assert.Equal((true, OaiReplayServer.Page1Token, new DateOnly(2014, 10, 1)), (checkpoint!.InProgress, checkpoint.ResumptionToken, checkpoint.From));

        // The next run, as the daily schedule makes it (no from-date), carries on with the token.
        var resumed = await rig.HarvestAsync();

        Assert.True(resumed.Succeeded, resumed.Error?.Message);
        Assert.True(resumed.Resumed);
        Assert.False(resumed.Restarted);
        Assert.Equal((1, 1L, 1L), (resumed.Progress.Pages, resumed.Progress.Records, resumed.Progress.Inserted));
        Assert.Equal(SecondPageQuery, Queries(rig).Last());
        Assert.Equal(4, rig.Server.Requests.Count);
        await using var uninterrupted = await OaiHarvestRig.StartAsync(provider);
        var clean = await uninterrupted.HarvestAsync(from: "2014-10-01");
        Assert.True(clean.Succeeded, clean.Error?.Message);
        Assert.Equal(await uninterrupted.PapersAsync(), await rig.PapersAsync());
        Assert.Equal((await uninterrupted.CheckpointAsync())!.HarvestedThrough, (await rig.CheckpointAsync())!.HarvestedThrough);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_expired_token_on_resume_starts_again_from_the_stored_from_date(string provider)
    {
        await using var rig = await OaiHarvestRig.StartAsync(provider);
        rig.Server.FailNext(new ReplayFault(), ReplayFault.ServerError(), ReplayFault.ServerError());
        Assert.False((await rig.HarvestAsync(from: "2014-10-01")).Succeeded);
        rig.Server.AnswerNext("ErrorResponseBadResumptionToken.xml");

        var result = await rig.HarvestAsync();

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.True(result.Restarted);
        Assert.Equal((2, 7L, 1L, 6L), (result.Progress.Pages, result.Progress.Records, result.Progress.Inserted, result.Progress.Unchanged));
        Assert.Equal([SecondPageQuery, FirstPageQuery, SecondPageQuery], Queries(rig).Skip(3));
        Assert.Equal(7, (await rig.PapersAsync()).Count);
        Assert.False((await rig.CheckpointAsync())!.InProgress);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_daily_run_asks_only_for_changes_since_the_last_completed_harvest(string provider)
    {
        await using var rig = await OaiHarvestRig.StartAsync(provider);
        Assert.True((await rig.HarvestAsync(from: "2014-10-01")).Succeeded);
        rig.Server.Route("verb=ListRecords&metadataPrefix=arXivRaw&from=2014-12-21", "ErrorResponseNoRecordsMatch.xml");

        var daily = await rig.HarvestAsync();

        // Harvested through 2014-12-22, asked again from one day before: records changed late that day come in too.
        Assert.Equal("2014-12-21", OaiReplayServer.Query(rig.Server.Requests[^1])["from"]);
        Assert.True(daily.Succeeded, daily.Error?.Message);
        Assert.True(daily.NothingNew);
        Assert.Equal(0, daily.Progress.Records);
        // Nothing matched up to the day arXiv answered (2015-06-23), so the next run starts from there.
        Assert.Equal(new DateOnly(2015, 6, 23), (await rig.CheckpointAsync())!.HarvestedThrough);

        await rig.HarvestAsync();

        Assert.Equal("2015-06-22", OaiReplayServer.Query(rig.Server.Requests[^2])["from"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task No_records_match_is_a_success_with_nothing_new_and_an_oai_error_a_failure(string provider)
    {
        await using var rig = await OaiHarvestRig.StartAsync(provider);
        rig.Server.AnswerNext("ErrorResponseNoRecordsMatch.xml", "ErrorResponseBadArgument.xml");

        var nothing = await rig.HarvestAsync(from: "2015-06-01", set: "cs");
        var failed = await rig.HarvestAsync(from: "2015-06-01", set: "math");

        Assert.True(nothing.Succeeded, nothing.Error?.Message);
        Assert.Equal((true, 0, 0L), (nothing.NothingNew, nothing.Progress.Pages, nothing.Progress.Records));
        Assert.Equal("cs", OaiReplayServer.Query(rig.Server.Requests[0])["set"]);
        Assert.Equal(new OaiError(OaiErrorKind.BadArgument, "arXiv OAI rejected the request's arguments: Verb 'ListRecords', illegal argument 'identifier'."), failed.Error);
        Assert.Null(await rig.CheckpointAsync("math"));
        Assert.Empty(await rig.PapersAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_503_is_retried_after_the_wait_it_asks_for(string provider)
    {
        await using var rig = await OaiHarvestRig.StartAsync(provider);
        rig.Server.FailNext(new ReplayFault(), ReplayFault.Unavailable("30"));

        var result = await rig.HarvestAsync(from: "2014-10-01");

        Assert.True(result.Succeeded, result.Error?.Message);
        var requests = rig.Server.Requests;
        Assert.Equal(["ListRecordsResponse.xml", "503", OaiReplayServer.Page2], requests.Select(r => r.Answer));
        // Arrivals are stamped by the same fast-forward clock the harvester waits on.
        Assert.True(requests[2].Arrived - requests[1].Arrived >= TimeSpan.FromSeconds(30), $"retried after {requests[2].Arrived - requests[1].Arrived}");
        Assert.Equal(SecondPageQuery, OaiReplayServer.Query(requests[2]));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Malformed_records_are_named_and_skipped(string provider)
    {
        await using var rig = await OaiHarvestRig.StartAsync(provider);
        rig.Server.AnswerNext("ListRecordsMalformed.generated.xml");

        var result = await rig.HarvestAsync(from: "2014-10-01");

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(1, result.Progress.Records);
        Assert.Equal(["oai:arXiv.org:0704.9001", "oai:arXiv.org:0704.9002"], result.Progress.Malformed.Select(m => m.Identifier));
        Assert.Equal("0704.1114", Assert.Single(await rig.Services.GetRequiredService<PaperStore>().GetManyAsync(["0704.1114", "0704.9001"])).ArxivId);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_truncated_page_stops_the_harvest_with_the_checkpoint_intact(string provider)
    {
        await using var rig = await OaiHarvestRig.StartAsync(provider);
        rig.Server.FailNext(new ReplayFault(), ReplayFault.HalfBody());

        var result = await rig.HarvestAsync(from: "2014-10-01");

        Assert.Equal(OaiErrorKind.BadResponse, result.Error?.Kind);
        Assert.StartsWith("arXiv OAI sent malformed or truncated XML", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(2, rig.Server.Requests.Count);
        Assert.Equal(6, (await rig.PapersAsync()).Count);
        Assert.Equal(OaiReplayServer.Page1Token, (await rig.CheckpointAsync())!.ResumptionToken);
    }
}
