using DailyPapers.Ingest.Arxiv;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Ingest.Arxiv;

public class ArxivAtomReaderTests
{
    internal static string Fixture(string prefix) =>
        File.ReadAllText(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "arxiv-api"), prefix + "_*.xml").Single());

    private static DateTime Utc(string iso) => DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

    [Fact]
    public void Reads_every_field_of_a_real_entry()
    {
        var page = ArxivAtomReader.Read(Fixture("q_testing_s0_m10"));

        Assert.Null(page.Error);
        Assert.Equal((214881, 0, 10, 10), (page.TotalResults, page.StartIndex, page.ItemsPerPage, page.Papers.Count));
        var p = page.Papers.Single(x => x.ArxivId == "2005.14124");
        Assert.Equal("Active Fuzzing for Testing and Securing Cyber-Physical Systems", p.Title);
        Assert.StartsWith("Cyber-physical systems (CPSs) in critical infrastructure face", p.Abstract, StringComparison.Ordinal);
        Assert.EndsWith("implementing them as anomaly detectors and early warning systems.", p.Abstract, StringComparison.Ordinal);
        Assert.Equal(
            new PaperAuthor[] { new("Yuqi Chen"), new("Bohan Xuan"), new("Christopher M. Poskitt"), new("Jun Sun"), new("Fan Zhang") },
            p.Authors);
        Assert.Equal(new[] { "cs.SE", "cs.CR", "cs.LG" }, p.Categories);
        Assert.Equal("cs.SE", p.PrimaryCategory);
        Assert.Equal("Accepted by the ACM SIGSOFT International Symposium on Software Testing and Analysis (ISSTA 2020)", p.Comments);
        Assert.Equal("In Proc. ACM SIGSOFT International Symposium on Software Testing and Analysis (ISSTA 2020), pages 14-26. ACM, 2020", p.JournalRef);
        Assert.Equal("10.1145/3395363.3397376", p.Doi);
        Assert.Equal(Utc("2020-05-28T16:19:50Z"), p.PublishedAt);
        Assert.Equal(DateTimeKind.Utc, p.PublishedAt.Kind);
        Assert.Equal(Utc("2020-07-16T08:15:48Z"), p.UpdatedAt);
        // The API names v2 and the dates of v1 and v2; nothing is invented in between.
        Assert.Equal(new PaperVersion[] { new(1, Utc("2020-05-28T16:19:50Z")), new(2, Utc("2020-07-16T08:15:48Z")) }, p.Versions);
        Assert.Equal(2, p.LatestVersion);
        Assert.Equal("api", p.Source);
        Assert.Equal(0, p.Upvotes);
    }

    [Fact]
    public void Reads_an_old_style_entry_with_affiliations_in_order_and_keeps_the_text_as_sent()
    {
        var p = Assert.Single(ArxivAtomReader.Read(Fixture("id_astro-ph_0601001")).Papers);

        Assert.Equal("astro-ph/0601001", p.ArxivId);
        Assert.Equal(
            new PaperAuthor[]
            {
                new("Andrew Gould", "Ohio State"), new("Susan Dorsher", "Ohio State"), new("B. Scott Gaudi", "CfA"),
                new("Andrzej Udalski", "Warsaw University Observatory"),
            },
            p.Authors);
        Assert.StartsWith("  We derive the frequencies of hot Jupiters", p.Abstract, StringComparison.Ordinal);
        Assert.Contains("V_max<17.5", p.Abstract, StringComparison.Ordinal);
        Assert.Equal(new[] { "astro-ph" }, p.Categories);
        Assert.Equal("astro-ph", p.PrimaryCategory);
        Assert.Equal("ActaAstron.56:1-50,2006", p.JournalRef);
        Assert.Null(p.Doi);
        Assert.Equal(new[] { new PaperVersion(1, Utc("2006-01-02T14:57:58Z")) }, p.Versions);
    }

    [Fact]
    public void Takes_the_version_from_the_entry_id_and_decodes_entities()
    {
        var p = ArxivAtomReader.Read(Fixture("q_testing_s0_m10")).Papers.Single(x => x.ArxivId == "2302.03287");

        Assert.Equal("ChatGPT and Software Testing Education: Promises & Perils", p.Title);
        Assert.Equal(new[] { 1, 3 }, p.Versions.Select(v => v.Number));
        Assert.Equal(Utc("2023-03-11T21:03:09Z"), p.Versions[1].CreatedAt);
    }

    [Fact]
    public void The_error_feed_becomes_a_malformed_id_error()
    {
        var page = ArxivAtomReader.Read(Fixture("id_abc"));

        Assert.Equal(new ArxivError(ArxivErrorKind.MalformedId, "malformed id: abc"), page.Error);
        Assert.Empty(page.Papers);
    }

    [Fact]
    public void An_error_feed_for_another_reason_is_a_rejected_query()
    {
        var xml = Fixture("id_abc").Replace("incorrect id format for abc", "max_results must be non-negative", StringComparison.Ordinal);

        Assert.Equal(new ArxivError(ArxivErrorKind.QueryRejected, "arXiv rejected the query: max_results must be non-negative"),
            ArxivAtomReader.Read(xml).Error);
    }

    [Theory]
    [InlineData("id_0000.0000")]
    [InlineData("id_0808.05394_s0_m100")]
    public void An_empty_feed_is_not_found(string fixture)
    {
        var page = ArxivAtomReader.Read(Fixture(fixture));

        Assert.Equal(ArxivErrorKind.NotFound, page.Error?.Kind);
        Assert.Empty(page.Papers);
    }

    [Fact]
    public void A_page_past_the_last_result_is_empty_but_not_an_error()
    {
        var xml = Fixture("id_0000.0000").Replace("<opensearch:totalResults>0<", "<opensearch:totalResults>5<", StringComparison.Ordinal);

        var page = ArxivAtomReader.Read(xml);

        Assert.Null(page.Error);
        Assert.Equal(5, page.TotalResults);
        Assert.Empty(page.Papers);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>http://arxiv.org/abs/2104.12255v1</id>")]
    [InlineData("<html><body><h1>502 Bad Gateway</h1></body></html>")]
    [InlineData("Rate exceeded.")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><feed>&b;</feed>")]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>http://arxiv.org/abs/junk</id><title>x</title></entry></feed>")]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>http://arxiv.org/abs/2104.12255v1</id><title>x</title><published>soon</published></entry></feed>")]
    public void Anything_that_is_not_a_readable_feed_is_a_bad_response(string body)
    {
        var page = ArxivAtomReader.Read(body);

        Assert.Equal(ArxivErrorKind.BadResponse, page.Error?.Kind);
        Assert.Empty(page.Papers);
    }

    [Fact]
    public void A_truncated_response_is_a_bad_response_naming_the_problem()
    {
        var xml = Fixture("q_testing_s0_m10");

        var page = ArxivAtomReader.Read(xml[..(xml.Length / 2)]);

        Assert.Equal(ArxivErrorKind.BadResponse, page.Error?.Kind);
        Assert.Contains("truncated", page.Error!.Message, StringComparison.Ordinal);
    }
}
