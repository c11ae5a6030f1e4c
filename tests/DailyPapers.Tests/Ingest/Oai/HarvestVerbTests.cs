using DailyPapers.Cli;
using DailyPapers.Curation;
using DailyPapers.Feed;
using DailyPapers.Ingest.Oai;
using DailyPapers.Tests.Cli;
using DailyPapers.Tests.Feed;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Ingest.Oai;

public class HarvestVerbTests
{
    [Theory]
    [InlineData("harvest", "oai", "--from", "2014/10/01")]
    [InlineData("harvest", "oai", "--from", "2014-13-01")]
    [InlineData("harvest", "oai", "--until", "yesterday")]
    [InlineData("harvest", "oai", "--from", "2014-10-02", "--until", "2014-10-01")]
    [InlineData("harvest", "oai", "--set", "c s")]
    [InlineData("harvest", "oai", "--form", "2014-10-01")]
    [InlineData("harvest")]
    public async Task Bad_usage_ends_with_exit_code_2_before_anything_runs(params string[] args)
    {
        // Validation runs before the host is built: nothing could reach arXiv or a database.
        Assert.True(Verbs.IsVerb(args));
        Assert.Equal(2, await Verbs.RunAsync(args));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Prints_progress_per_page_and_a_summary(string provider)
    {
        await using var rig = await OaiHarvestRig.StartAsync(provider);

        var (code, output, error) = await HarvestAsync(rig, new OaiHarvestRequest { From = new DateOnly(2014, 10, 1) });

        Assert.Equal(0, code);
        Assert.Equal(
            [
                "page 1: 6 records so far (6 inserted, 0 updated, 0 unchanged, 0 deleted and 0 malformed skipped); next token 726959|1001",
                "page 2: 7 records so far (7 inserted, 0 updated, 0 unchanged, 1 deleted and 0 malformed skipped); last page",
            ],
            Lines(error));
        Assert.Equal(
            "harvested 7 records in 2 pages (all sets from 2014-10-01): 7 inserted, 0 updated, 0 unchanged, 1 deleted and 0 malformed skipped; harvested through 2014-12-22",
            output.Trim());
    }

    [Fact]
    public async Task An_oai_error_is_exit_code_1_with_its_message_and_no_records_match_is_0()
    {
        await using var rig = await OaiHarvestRig.StartAsync("Sqlite");
        rig.Server.AnswerNext("ErrorResponseBadArgument.xml", "ErrorResponseNoRecordsMatch.xml", "ListRecordsMalformed.generated.xml");

        var failed = await HarvestAsync(rig, new OaiHarvestRequest { From = new DateOnly(2014, 10, 1) });
        var nothing = await HarvestAsync(rig, new OaiHarvestRequest { From = new DateOnly(2015, 6, 1), Set = "cs" });
        var malformed = await HarvestAsync(rig, new OaiHarvestRequest { From = new DateOnly(2014, 10, 1), Set = "math" });

        Assert.Equal((1, "error: arXiv OAI rejected the request's arguments: Verb 'ListRecords', illegal argument 'identifier'."), (failed.Code, failed.Error.Trim()));
        Assert.Equal((0, "nothing new: no records match (cs from 2015-06-01); harvested through 2015-06-23"), (nothing.Code, nothing.Output.Trim()));
        Assert.Equal(0, malformed.Code);
        Assert.Equal(
            ["skipped oai:arXiv.org:0704.9001: 0704.9001: malformed date 'sometime in April' of v1", "skipped oai:arXiv.org:0704.9002: no <id>"],
            Lines(malformed.Error).Take(2));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_program_harvests_from_arxiv_oai_url_and_exits_0_or_1(string provider)
    {
        await using var rig = await OaiHarvestRig.StartAsync(provider);
        var env = new Dictionary<string, string?>(rig.Db.Settings)
        {
            ["Arxiv:OaiUrl"] = rig.Server.OaiUrl.ToString(),
            ["Arxiv:MinInterval"] = "00:00:00.001",
        };

        var ok = await MigrateVerbTests.RunAsync(env, "harvest", "oai", "--from", "2014-10-01");
        rig.Server.AnswerNext("ErrorResponseBadArgument.xml");
        var failed = await MigrateVerbTests.RunAsync(env, "harvest", "oai", "--from", "2014-10-02");

        Assert.True(ok.Exit == 0, ok.Err);
        Assert.StartsWith("harvested 7 records in 2 pages", ok.Out, StringComparison.Ordinal);
        Assert.Contains("page 1: 6 records so far", ok.Err, StringComparison.Ordinal);
        Assert.Equal(1, failed.Exit);
        Assert.Contains("error: arXiv OAI rejected the request's arguments", failed.Err, StringComparison.Ordinal);
        Assert.Equal(7, (await rig.PapersAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_harvest_with_new_papers_is_followed_by_the_curation_of_their_day_and_a_harvest_without_by_nothing(string provider)
    {
        await using var rig = await OaiHarvestRig.StartAsync(provider);
        rig.Server.AnswerNext(NewPapersSiteFixture.Page1, NewPapersSiteFixture.Page2, "ErrorResponseNoRecordsMatch.xml");

        var first = await HarvestAsync(rig, new OaiHarvestRequest { Set = "cs", From = new DateOnly(2026, 6, 24) });
        var again = await HarvestAsync(rig, new OaiHarvestRequest { Set = "cs" });

        Assert.Equal(0, first.Code);
        Assert.Equal("curated 20 of 283 papers onto the list of 2026-07-01", Lines(first.Output)[1]);
        Assert.Equal(0, again.Code);
        Assert.StartsWith("nothing new", Assert.Single(Lines(again.Output)), StringComparison.Ordinal);
        var day = NewPapersSiteFixture.Day;
        var listed = await rig.Services.GetRequiredService<DailyListStore>().ListAsync(new ListPeriod(PeriodKind.Day, day, day), DailySort.Rank, 0, 100, DateTime.UtcNow);
        Assert.Equal(20, listed.Count);
        Assert.All(listed, e => Assert.Equal(CuratorAccount.DisplayName, e.SubmittedBy?.DisplayName));
    }

    private static async Task<(int Code, string Output, string Error)> HarvestAsync(OaiHarvestRig rig, OaiHarvestRequest request)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await HarvestVerb.HarvestOaiAsync(rig.Services, request, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
