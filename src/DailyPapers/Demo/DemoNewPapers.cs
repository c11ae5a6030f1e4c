using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Numerics.Tensors;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DailyPapers.Papers;

namespace DailyPapers.Demo;

/// <summary>
/// The demo's month of new arXiv papers (Demo/Data/make-new-papers.py builds the files): the real papers arXiv announced
/// from 2026-06-01 to 2026-07-01 in the categories a daily crawler followed, with their announcement days, and their
/// MiniLM vectors as float16, so <c>/new</c> and similar papers work offline at once, without the embedding job.
/// </summary>
public static class DemoNewPapers
{
    public const string PapersResource = "demo/new-papers.jsonl.gz";
    public const string VectorsResource = "demo/new-papers.minilm-f16.gz";

    /// <summary>The embedding model the vectors are of (<c>Search:Model</c>'s MiniLM).</summary>
    public const string Model = "MiniLM";

    private static readonly byte[] Magic = "DPV1"u8.ToArray();

    /// <summary>The papers, each dated by its listing (the archive keeps no submission times: the arXiv date is the listing's deadline).</summary>
    public static (List<Paper> Papers, List<DemoContent.Rejected> Rejected) ReadPapers(Stream gzipped)
    {
        var papers = new List<Paper>();
        var rejected = new List<DemoContent.Rejected>();
        using var reader = new StreamReader(new GZipStream(gzipped, CompressionMode.Decompress), Encoding.UTF8);
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            try
            {
                if (JsonSerializer.Deserialize<Line>(line) is not { } l || !ArxivId.TryParse(l.Id, out var id) || string.IsNullOrWhiteSpace(l.Title)
                    || l.Categories is not { Count: > 0 } categories || !DateOnly.TryParseExact(l.ListingDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    rejected.Add(new(PapersResource, number, "missing or malformed id, title, categories or listing_date"));
                    continue;
                }
                var submitted = ArxivSchedule.DeadlineOf(day).UtcDateTime.AddMinutes(-1);
                papers.Add(new Paper
                {
                    ArxivId = id.Id,
                    Title = l.Title,
                    Abstract = l.Summary ?? "",
                    Authors = (l.Authors ?? []).Select(a => new PaperAuthor(a)).ToList(),
                    Versions = [new PaperVersion(1, submitted)],
                    PrimaryCategory = categories[0],
                    Categories = categories,
                    Comments = string.IsNullOrWhiteSpace(l.Comment) ? null : l.Comment,
                    PublishedAt = submitted,
                    UpdatedAt = submitted,
                    AnnouncedOn = day,
                    Source = "demo",
                });
            }
            catch (JsonException e)
            {
                rejected.Add(new(PapersResource, number, $"invalid JSON: {e.Message}"));
            }
        }
        return (papers, rejected);
    }

    /// <summary>The vectors by arXiv id, as unit float32 vectors (float16 rounding moves a norm by about 1e-4).</summary>
    public static Dictionary<string, float[]> ReadVectors(Stream gzipped)
    {
        using var data = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionMode.Decompress))
        {
            gzip.CopyTo(data);
        }
        var bytes = data.GetBuffer().AsSpan(0, (int)data.Length);
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{VectorsResource} is not a DPV1 vector file.");
        }
        var dims = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        var vectors = new Dictionary<string, float[]>(count, StringComparer.Ordinal);
        var at = 12;
        for (var n = 0; n < count; n++)
        {
            var idLength = bytes[at++];
            var id = Encoding.ASCII.GetString(bytes.Slice(at, idLength));
            at += idLength;
            var vector = new float[dims];
            for (var i = 0; i < dims; i++, at += 2)
            {
                vector[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[at..]);
            }
            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            vectors[id] = vector;
        }
        return vectors;
    }

    private sealed class Line
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("categories")] public List<string>? Categories { get; set; }
        [JsonPropertyName("authors")] public List<string>? Authors { get; set; }
        [JsonPropertyName("title")] public string? Title { get; set; }
        [JsonPropertyName("comment")] public string? Comment { get; set; }
        [JsonPropertyName("summary")] public string? Summary { get; set; }
        [JsonPropertyName("listing_date")] public string? ListingDate { get; set; }
    }
}
