using System.Globalization;
using System.Text;
using System.Text.Json;
using DailyPapers.Ingest.Snapshot;
using DailyPapers.Papers;

namespace DailyPapers.Demo;

/// <summary>
/// The demo content shipped in the assembly: the 34 papers of the reference page (the daily list of
/// 2025-12-11) and the first 200 records of the Kaggle snapshot (catalogue only).
/// </summary>
public static class DemoContent
{
    /// <summary>The date of the reference page, whose daily list the seed papers form.</summary>
    public static readonly DateOnly ListDate = new(2025, 12, 11);

    public const string SeedResource = "demo/seed-papers.jsonl";
    public const string SnapshotResource = "demo/arxiv-snapshot-head200.jsonl";

    /// <summary>A malformed line of a demo file, reported and skipped.</summary>
    public sealed record Rejected(string File, long LineNumber, string Reason);

    public static (List<(Paper Paper, int PageRank)> Papers, List<Rejected> Rejected) ReadSeed(Stream stream, string file = SeedResource)
    {
        var papers = new List<(Paper, int)>();
        var rejected = new List<Rejected>();
        foreach (var (number, line) in Lines(stream))
        {
            try
            {
                var s = JsonSerializer.Deserialize<SeedPaper>(line);
                if (s is null || !ArxivId.TryParse(s.ArxivId, out var id) || string.IsNullOrWhiteSpace(s.Title)
                    || !DateTime.TryParseExact(s.Published, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var published))
                {
                    rejected.Add(new(file, number, "missing or malformed arxiv_id, title or published date"));
                    continue;
                }
                papers.Add((new Paper
                {
                    ArxivId = id.Id,
                    Title = s.Title,
                    Abstract = s.Abstract ?? "",
                    Authors = (s.Authors ?? []).Select(a => new PaperAuthor(a)).ToList(),
                    Versions = [new PaperVersion(1, published)],
                    PublishedAt = published,
                    UpdatedAt = published,
                    AnnouncedOn = ArxivSchedule.AnnouncementDay(published),
                    Upvotes = Math.Max(0, s.Upvotes),
                    Source = "demo",
                }, s.PageRank));
            }
            catch (JsonException e)
            {
                rejected.Add(new(file, number, $"invalid JSON: {e.Message}"));
            }
        }
        return (papers, rejected);
    }

    public static (List<Paper> Papers, List<Rejected> Rejected) ReadSnapshot(Stream stream, string file = SnapshotResource)
    {
        var papers = new List<Paper>();
        var rejected = new List<Rejected>();
        foreach (var (number, line) in Lines(stream))
        {
            var parsed = SnapshotLineParser.Parse(Encoding.UTF8.GetBytes(line), number);
            if (parsed.Paper is { } p)
            {
                papers.Add(p with { Source = "demo" });
            }
            else
            {
                rejected.Add(new(file, number, parsed.Error ?? "unreadable"));
            }
        }
        return (papers, rejected);
    }

    public static Stream Open(string resource) =>
        typeof(DemoContent).Assembly.GetManifestResourceStream(resource)
        ?? throw new InvalidOperationException($"Demo resource {resource} is missing from the assembly.");

    private static IEnumerable<(long Number, string Line)> Lines(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return (number, line);
            }
        }
    }
}
