using System.Text;
using DailyPapers.Ingest.Snapshot;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Ingest.Snapshot;

public sealed class SnapshotLineParserTests
{
    private const string Versions = "\"versions\":[{\"version\":\"v1\",\"created\":\"Mon, 2 Apr 2007 19:18:42 GMT\"}]";

    internal static string Record(string id = "0704.0001", string title = "A title", string? versions = null, string extra = "") =>
        $"{{\"id\":\"{id}\",\"title\":\"{title}\",\"abstract\":\"An abstract.\",\"categories\":\"hep-ph\",{versions ?? Versions}{extra}}}";

    private static SnapshotLine Parse(string line) => SnapshotLineParser.Parse(Encoding.UTF8.GetBytes(line), 7);

    [Fact]
    public void The_200_real_lines_all_parse_with_every_field()
    {
        var lines = File.ReadAllLines(SnapshotFiles.Head200Fixture, Encoding.UTF8);

        var papers = lines.Select((l, i) => SnapshotLineParser.Parse(Encoding.UTF8.GetBytes(l), i + 1)).ToList();

        Assert.All(papers, p => Assert.Null(p.Error));
        Assert.Equal(200, papers.Select(p => p.Paper!.ArxivId).Distinct().Count());
        var first = papers[0].Paper!;
        Assert.Equal("0704.0001", first.ArxivId);
        Assert.Equal("Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies", first.Title);
        Assert.Equal(["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"], first.Authors.Select(a => a.Name));
        Assert.Equal(
            [new PaperVersion(1, new DateTime(2007, 4, 2, 19, 18, 42, DateTimeKind.Utc)), new PaperVersion(2, new DateTime(2007, 7, 24, 20, 10, 27, DateTimeKind.Utc))],
            first.Versions);
        Assert.Equal(new DateTime(2007, 4, 2, 19, 18, 42, DateTimeKind.Utc), first.PublishedAt);
        Assert.Equal(new DateTime(2007, 7, 24, 20, 10, 27, DateTimeKind.Utc), first.UpdatedAt);
        Assert.Equal("10.1103/PhysRevD.76.013009", first.Doi);
        Assert.Equal("Phys.Rev.D76:013009,2007", first.JournalRef);
        Assert.Equal("ANL-HEP-PR-07-12", first.ReportNo);
        Assert.Equal("37 pages, 15 figures; published version", first.Comments);
        Assert.Equal("Pavel Nadolsky", first.Submitter);
        Assert.Null(first.License);
        Assert.Equal(["hep-ph"], first.Categories);
        Assert.Equal("snapshot", first.Source);

        var second = papers[1].Paper!;
        Assert.Equal("http://arxiv.org/licenses/nonexclusive-distrib/1.0/", second.License);
        Assert.Equal(["math.CO", "cs.CG"], second.Categories);
        Assert.Equal("math.CO", second.PrimaryCategory);
        Assert.Null(second.Doi);

        var byId = papers.ToDictionary(p => p.Paper!.ArxivId, p => p.Paper!);
        Assert.Contains("Neal J. Evans II", byId["0704.0009"].Authors.Select(a => a.Name));
        Assert.Contains(new PaperAuthor("Mikkel Øbro"), byId["0704.0049"].Authors);
        Assert.Contains(new PaperAuthor("Peter Brommer", "Institut für Theoretische und Angewandte Physik, Universität Stuttgart"), byId["0704.0163"].Authors);
    }

    [Theory]
    [InlineData("{\"id\":\"0704.0001\",\"title\":", "invalid JSON")]
    [InlineData("{\"id\":704.0001,\"title\":\"x\"}", "$.id")]
    [InlineData("{\"id\":\"0704.0001\",\"title\":\"x\",\"versions\":\"v1\"}", "$.versions")]
    [InlineData("{\"id\":\"0704.0001\",\"title\":\"x\",\"authors_parsed\":[[\"a\",1]]}", "invalid JSON")]
    [InlineData("[1,2,3]", "invalid JSON")]
    [InlineData("null", "not a JSON object")]
    [InlineData("{\"id\":\"0704.0001\"} trailing", "invalid JSON")]
    [InlineData("{\"title\":\"No id\",\"versions\":[]}", "missing id")]
    [InlineData("{\"id\":\"\",\"title\":\"Empty id\"}", "missing id")]
    [InlineData("{\"id\":\"not-an-id\",\"title\":\"x\"}", "malformed arXiv id")]
    [InlineData("{\"id\":\"0704.0001\",\"title\":\"   \"}", "missing title")]
    [InlineData("{\"id\":\"0704.0001\",\"title\":\"x\",\"versions\":[{\"version\":\"v1\",\"created\":\"yesterday\"}]}", "malformed version date")]
    [InlineData("{\"id\":\"0704.0001\",\"title\":\"x\",\"versions\":[{\"version\":\"one\",\"created\":\"Mon, 2 Apr 2007 19:18:42 GMT\"}]}", "malformed version")]
    [InlineData("{\"id\":\"0704.0001\",\"title\":\"x\",\"versions\":[]}", "no versions and no update_date")]
    [InlineData("{\"id\":\"0704.0001\",\"title\":\"\\ud800 lone surrogate\"}", "invalid")]
    public void A_bad_line_is_an_error_naming_what_is_wrong_never_an_exception(string line, string expected)
    {
        var parsed = Parse(line);

        Assert.Null(parsed.Paper);
        Assert.Equal(7, parsed.LineNumber);
        Assert.Contains(expected, parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_UTF8_is_reported_with_its_position_not_replaced()
    {
        var bytes = Encoding.UTF8.GetBytes(Record(title: "Caf#")).ToList();
        var at = bytes.IndexOf((byte)'#');
        bytes[at] = 0xC3; // a lead byte with no continuation: the next byte is '"'

        var parsed = SnapshotLineParser.Parse(bytes.ToArray(), 3);

        Assert.Null(parsed.Paper);
        Assert.Equal($"invalid UTF-8 at byte {at + 1}", parsed.Error);
    }

    [Fact]
    public void A_version_listed_twice_and_an_absurd_abstract_are_rejected()
    {
        var twice = Parse(Record(versions: "\"versions\":[{\"version\":\"v1\",\"created\":\"Mon, 2 Apr 2007 19:18:42 GMT\"},{\"version\":\"v1\",\"created\":\"Tue, 3 Apr 2007 19:18:42 GMT\"}]"));
        var huge = Parse(Record(extra: $",\"abstract\":\"{new string('a', 50_000)}\""));

        Assert.Contains("v1 is listed twice", twice.Error, StringComparison.Ordinal);
        Assert.Contains("abstract of 50,000 characters is too long", huge.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_without_versions_falls_back_to_its_update_date()
    {
        var parsed = Parse(Record(versions: "\"versions\":null", extra: ",\"update_date\":\"2008-11-26\""));

        Assert.Equal([new PaperVersion(1, new DateTime(2008, 11, 26, 0, 0, 0, DateTimeKind.Utc))], parsed.Paper!.Versions);
    }
}
