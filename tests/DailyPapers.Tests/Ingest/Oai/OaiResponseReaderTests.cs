using DailyPapers.Ingest.Oai;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Ingest.Oai;

public class OaiResponseReaderTests
{
    private static OaiPage Read(string file) => OaiResponseReader.Read(OaiReplayServer.Fixture(file));

    private static DateTime Utc(int y, int mo, int d, int h, int mi, int s) => new(y, mo, d, h, mi, s, DateTimeKind.Utc);

    [Fact]
    public void Reads_the_recorded_list_page_with_its_token()
    {
        var page = Read(OaiReplayServer.Page1);

        Assert.Null(page.Error);
        Assert.Equal(new DateTimeOffset(2015, 1, 6, 20, 49, 59, TimeSpan.Zero), page.ResponseDate);
        Assert.Equal(["0704.0471", "0704.0716", "0704.0874", "0704.1109", "0704.1114", "0704.1586"], page.Records.Select(r => r.Paper?.ArxivId));
        Assert.All(page.Records, r => Assert.Null(r.Problem));
        Assert.Equal(("726959|1001", 0L, 58011L), (page.ResumptionToken, page.Cursor, page.CompleteListSize));
    }

    [Fact]
    public void Reads_every_arxiv_raw_field_of_a_record()
    {
        var record = Read(OaiReplayServer.Page1).Records[1];
        var paper = record.Paper!;

        Assert.Equal(("oai:arXiv.org:0704.0716", new DateOnly(2014, 12, 22), false), (record.Identifier, record.Datestamp, record.Deleted));
        Assert.Equal("0704.0716", paper.ArxivId);
        Assert.Equal("Christoph Richard", paper.Submitter);
        Assert.Equal(
            [
                new PaperVersion(1, Utc(2007, 4, 5, 12, 45, 3), "43kb"),
                new PaperVersion(2, Utc(2007, 9, 28, 15, 13, 43), "48kb"),
                new PaperVersion(3, Utc(2008, 2, 29, 16, 5, 39), "48kb"),
                new PaperVersion(4, Utc(2008, 11, 14, 9, 7, 25), "49kb"),
            ],
            paper.Versions);
        Assert.Equal(DateTimeKind.Utc, paper.Versions[0].CreatedAt.Kind);
        Assert.Equal((Utc(2007, 4, 5, 12, 45, 3), Utc(2008, 11, 14, 9, 7, 25), 4), (paper.PublishedAt, paper.UpdatedAt, paper.LatestVersion));
        Assert.Equal("Limit distributions and scaling functions", paper.Title);
        Assert.Equal([new PaperAuthor("Christoph Richard")], paper.Authors);
        Assert.Equal(["math-ph", "math.MP"], paper.Categories);
        Assert.Equal("math-ph", paper.PrimaryCategory);
        Assert.Equal("54 pages, 2 figures; v2 updated and slightly expanded; v3 changes in\n  some proofs; v4 slightly expanded", paper.Comments);
        Assert.Equal("05A15, 05A16", paper.MscClass);
        Assert.Equal("Polygons, polyominoes and polycubes, 247-299, Lecture Notes in\n  Phys., 775, Springer, Dordrecht, 2009", paper.JournalRef);
        Assert.Equal("http://arxiv.org/licenses/nonexclusive-distrib/1.0/", paper.License);
        Assert.Equal((null, null, null), (paper.Doi, paper.ReportNo, paper.AcmClass));
        Assert.Equal("oai", paper.Source);
        // The abstract as arXiv sent it: leading indent, hard line breaks, final newline.
        Assert.StartsWith("  We discuss the asymptotic behaviour of models of lattice polygons, mainly on\nthe square lattice.", paper.Abstract, StringComparison.Ordinal);
        Assert.EndsWith("To a major\nextent, this article is a pedagogic review of known results.\n", paper.Abstract, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_titles_as_written_splits_author_lists_and_decodes_entities()
    {
        var paper = Read(OaiReplayServer.Page1).Records[0].Paper!;

        Assert.Equal("Density dependence of the symmetry energy and the nuclear equation of\n  state: A Dynamical and Statistical model perspective", paper.Title);
        Assert.Equal(["D.V. Shetty", "S.J. Yennello", "G.A. Souliotis"], paper.Authors.Select(a => a.Name));
        Assert.Equal("10.1103/PhysRevC.76.024606 10.1103/PhysRevC.76.039902", paper.Doi);
        Assert.Null(paper.License);
        Assert.Contains("an extremely \" stiff \" and \" soft \"\nform", paper.Abstract, StringComparison.Ordinal);
        Assert.Equal([new PaperVersion(1, Utc(2007, 4, 3, 22, 4, 11), "294kb")], paper.Versions);
    }

    [Fact]
    public void Reads_a_get_record_response()
    {
        var page = Read("GetRecordResponse.xml");

        var paper = Assert.Single(page.Records).Paper!;
        Assert.Null(page.ResumptionToken);
        Assert.Equal("1302.2146", paper.ArxivId);
        Assert.Equal(["Joshua Berger", "Maxim Perelstein", "Michael Saelim", "Philip Tanedo"], paper.Authors.Select(a => a.Name));
        Assert.Equal([("853kb", 1), ("849kb", 2)], paper.Versions.Select(v => (v.Size!, v.Number)));
        Assert.Equal(("hep-ph", "18 pages, 6 figures; v2: References added"), (paper.PrimaryCategory, paper.Comments));
    }

    [Fact]
    public void A_deleted_record_has_no_paper_and_an_empty_token_ends_the_list()
    {
        var page = Read(OaiReplayServer.Page2);

        Assert.Equal(2, page.Records.Count);
        Assert.Equal(("oai:arXiv.org:0704.0002", true, null), (page.Records[1].Identifier, page.Records[1].Deleted, page.Records[1].Paper));
        Assert.Null(page.Records[1].Problem);
        Assert.Null(page.ResumptionToken);
    }

    [Fact]
    public void A_malformed_record_is_named_and_does_not_cost_the_others()
    {
        var page = Read("ListRecordsMalformed.generated.xml");

        Assert.Null(page.Error);
        Assert.Equal(
            [
                ("oai:arXiv.org:0704.9001", null, "0704.9001: malformed date 'sometime in April' of v1"),
                ("oai:arXiv.org:0704.1114", "0704.1114", null),
                ("oai:arXiv.org:0704.9002", null, "no <id>"),
            ],
            page.Records.Select(r => (r.Identifier, r.Paper?.ArxivId, r.Problem)));
    }

    [Theory]
    [InlineData("ErrorResponseBadArgument.xml", OaiErrorKind.BadArgument, "arXiv OAI rejected the request's arguments: Verb 'ListRecords', illegal argument 'identifier'.")]
    [InlineData("ErrorResponseBadResumptionToken.xml", OaiErrorKind.BadResumptionToken, "arXiv OAI no longer accepts the resumption token (tokens expire): The resumptionToken supplied is illegal for this repository")]
    [InlineData("ErrorResponseBadVerb.xml", OaiErrorKind.BadVerb, "arXiv OAI does not know the request's verb: Bad verb. Verb 'wah' not implemented.")]
    [InlineData("ErrorResponseIdDoesNotExist.xml", OaiErrorKind.IdDoesNotExist, "arXiv OAI has no record with that identifier: Identifier 'oai:arXiv.org:0813.2274' has correct form but does not correspond to an item in this repository")]
    [InlineData("ErrorResponseNoRecordsMatch.xml", OaiErrorKind.NoRecordsMatch, "no records match, nothing new to harvest: Set argument doesn't match any sets. The setSpec was 'moo'")]
    public void Each_oai_error_kind_has_its_own_message(string file, OaiErrorKind kind, string message)
    {
        var page = Read(file);

        Assert.Equal(new OaiError(kind, message), page.Error);
        Assert.Empty(page.Records);
    }

    [Fact]
    public void A_truncated_page_is_a_bad_response_not_an_exception()
    {
        var xml = OaiReplayServer.Fixture(OaiReplayServer.Page1);

        var page = OaiResponseReader.Read(xml[..(xml.Length / 2)]);

        Assert.Equal(OaiErrorKind.BadResponse, page.Error?.Kind);
        Assert.StartsWith("arXiv OAI sent malformed or truncated XML: ", page.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(page.Records);
    }

    [Theory]
    [InlineData("<html><body>Service unavailable</body></html>", "arXiv OAI sent <html> where an OAI-PMH response was expected")]
    [InlineData("<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><responseDate>2015-01-06T20:49:59Z</responseDate></OAI-PMH>", "arXiv OAI sent neither records nor an error")]
    public void Another_document_is_a_bad_response(string xml, string message)
    {
        Assert.Equal(new OaiError(OaiErrorKind.BadResponse, message), OaiResponseReader.Read(xml).Error);
    }
}
