using System.Text;
using DailyPapers.Demo;
using DailyPapers.Ingest.Arxiv;
using DailyPapers.Ingest.Oai;
using DailyPapers.Ingest.Snapshot;
using DailyPapers.Tests.Ingest.Arxiv;
using DailyPapers.Tests.Ingest.Oai;
using DailyPapers.Tests.Ingest.Snapshot;

namespace DailyPapers.Tests.Ingest;

/// <summary>Every way papers come in tells their announcement day, from the first version's date by arXiv's calendar.</summary>
public sealed class AnnouncementDaySourcesTests
{
    [Fact]
    public void An_oai_record_is_dated_by_its_first_version_and_a_late_datestamp_of_a_single_version_record()
    {
        var page = OaiResponseReader.Read(OaiReplayServer.Fixture(OaiReplayServer.Page1));
        var papers = page.Records.Where(r => r.Paper is not null).ToDictionary(r => r.Paper!.ArxivId, r => r.Paper!);

        // v1 Tue, 3 Apr 2007 22:04 GMT (18:04 EDT, after the deadline): Thursday's listing; stamped in 2014, so the calendar counts.
        Assert.Equal(new DateOnly(2007, 4, 5), papers["0704.0471"].AnnouncedOn);
        // v1 Thu, 5 Apr 2007 12:45 GMT (08:45 EDT): Friday's listing, whatever the later versions.
        Assert.Equal(new DateOnly(2007, 4, 6), papers["0704.0716"].AnnouncedOn);
    }

    [Fact]
    public void An_api_entry_is_dated_by_its_published_time()
    {
        var paper = Assert.Single(ArxivAtomReader.Read(ArxivAtomReaderTests.Fixture("id_1605.08386")).Papers);

        // Published Thu, 26 May 2016 17:59:46 UTC: 13:59 EDT, a second before the deadline, so Friday's listing.
        Assert.Equal(new DateOnly(2016, 5, 27), paper.AnnouncedOn);
    }

    [Fact]
    public void A_snapshot_record_is_dated_by_its_first_version_and_one_without_versions_has_no_day()
    {
        var dated = SnapshotLineParser.Parse(Encoding.UTF8.GetBytes(SnapshotLineParserTests.Record()), 1).Paper!;
        var undated = SnapshotLineParser.Parse(Encoding.UTF8.GetBytes(SnapshotLineParserTests.Record(
            versions: "\"versions\":[]", extra: ",\"update_date\":\"2008-11-26\"")), 2).Paper!;

        // v1 Mon, 2 Apr 2007 19:18 GMT (15:18 EDT, after the deadline): Wednesday's listing.
        Assert.Equal(new DateOnly(2007, 4, 4), dated.AnnouncedOn);
        // update_date is when the record last changed, not when arXiv announced it.
        Assert.Null(undated.AnnouncedOn);
    }

    [Fact]
    public void The_demo_papers_have_days()
    {
        var (seed, _) = DemoContent.ReadSeed(DemoContent.Open(DemoContent.SeedResource));
        var (catalogue, _) = DemoContent.ReadSnapshot(DemoContent.Open(DemoContent.SnapshotResource));

        // Their arXiv dates carry no time: the listing after that day's deadline or the one before, within four days.
        Assert.All(seed, s => Assert.InRange(s.Paper.AnnouncedOn!.Value.DayNumber - DateOnly.FromDateTime(s.Paper.PublishedAt).DayNumber, 1, 4));
        Assert.All(catalogue, p => Assert.NotNull(p.AnnouncedOn));
    }
}
