using System.Security.Cryptography;
using System.Text.Json;
using DailyPapers.Ingest.Arxiv;
using DailyPapers.Ingest.Oai;
using DailyPapers.Ingest.Snapshot;
using DailyPapers.Papers;
using DailyPapers.Tests.Ingest.Snapshot;

namespace DailyPapers.Tests.Papers;

/// <summary>
/// Stored papers carry the content hash they were written with, and an import compares against it: the hash of
/// an unchanged record must not change between releases, or re-importing a file would rewrite every paper.
/// </summary>
public sealed class PaperContentHashTests
{
    /// <summary>How the hash was computed before it was written field by field: the reference it must equal.</summary>
    private static string SerializerHash(Paper p)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new object?[]
        {
            p.ArxivId, p.Title, p.Abstract, p.PrimaryCategory, p.Categories, p.Comments, p.JournalRef, p.Doi,
            p.ReportNo, p.License, p.Submitter, p.MscClass, p.AcmClass, p.PublishedAt, p.UpdatedAt,
            p.Authors.Select(a => new[] { a.Name, a.Affiliation }),
            p.Versions.Select(v => new object?[] { v.Number, v.CreatedAt, v.Size }),
        });
        return Convert.ToHexStringLower(SHA256.HashData(canonical).AsSpan(0, 16));
    }

    public static TheoryData<string> Sources => ["snapshot", "arxiv-api", "arxiv-oai"];

    [Theory]
    [MemberData(nameof(Sources))]
    public void Real_records_hash_as_the_serializer_form_did(string source)
    {
        var papers = RealPapers(source);
        Assert.True(papers.Count >= 5, $"expected real papers from {source}, got {papers.Count}");
        foreach (var paper in papers)
        {
            Assert.Equal(SerializerHash(paper), PaperContentHash.Of(paper));
        }
    }

    [Fact]
    public void Hostile_and_odd_values_hash_as_the_serializer_form_did()
    {
        var basis = RealPapers("snapshot")[0];
        Paper[] odd =
        [
            basis with { Title = "<script>alert('x')</script> & \"quotes\" \\ back\tslash\u0001\u001f\u007f" },
            basis with { Abstract = "Ünïcödé — ∑ 𝔉 emoji 🙂 and a lone \ud800 surrogate, \u2028 separators \u2029" },
            basis with { Comments = null, JournalRef = "", Doi = " ", MscClass = "14J60", AcmClass = "F.2.2; I.2.7" },
            basis with { Categories = [], PrimaryCategory = null },
            basis with { Authors = [], Versions = [] },
            basis with
            {
                Authors = [new PaperAuthor("Zoë O'Brien", "Université \"Paris\"\nSaclay"), new PaperAuthor("李 华")],
                Versions = [new PaperVersion(1, new DateTime(2007, 4, 2, 19, 18, 42, DateTimeKind.Utc), "37kb"), new PaperVersion(12, new DateTime(2024, 2, 29, 0, 0, 0, 123, DateTimeKind.Utc))],
            },
            basis with { PublishedAt = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), UpdatedAt = new DateTime(638_000_000_000_000_001, DateTimeKind.Utc) },
        ];
        foreach (var paper in odd)
        {
            Assert.Equal(SerializerHash(paper), PaperContentHash.Of(paper));
        }
        Assert.Equal(odd.Length, odd.Select(PaperContentHash.Of).Distinct().Count());
    }

    [Fact]
    public void Threads_hashing_at_once_each_get_their_own_answer()
    {
        var papers = RealPapers("snapshot");
        var expected = papers.Select(SerializerHash).ToArray();
        var results = new string[4][];
        Parallel.For(0, results.Length, t => results[t] = papers.Select(PaperContentHash.Of).ToArray());
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    private static List<Paper> RealPapers(string source)
    {
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        return source switch
        {
            "snapshot" => File.ReadLines(SnapshotFiles.Head200Fixture)
                .Select((line, i) => SnapshotLineParser.Parse(System.Text.Encoding.UTF8.GetBytes(line), i + 1).Paper)
                .OfType<Paper>().ToList(),
            "arxiv-api" => Directory.GetFiles(Path.Combine(fixtures, "arxiv-api"), "*.xml")
                .SelectMany(f => ArxivAtomReader.Read(File.ReadAllText(f)).Papers).ToList(),
            "arxiv-oai" => Directory.GetFiles(Path.Combine(fixtures, "arxiv-oai"), "ListRecords*.xml")
                .SelectMany(f => OaiResponseReader.Read(File.ReadAllText(f)).Records)
                .Select(r => r.Paper).OfType<Paper>().ToList(),
            _ => throw new ArgumentOutOfRangeException(nameof(source)),
        };
    }
}
