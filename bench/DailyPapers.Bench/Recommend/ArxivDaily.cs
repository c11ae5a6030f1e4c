using System.Text.Json;
using System.Text.Json.Serialization;
using DailyPapers.Papers;

namespace DailyPapers.Bench.Recommend;

/// <summary>One paper of <c>../shared/data/arxiv-daily/</c>, its text normalised as the product stores it.</summary>
internal sealed record ArxivDailyPaper(
    string Id, DateOnly Day, IReadOnlyList<string> Categories, IReadOnlyList<string> Authors, string Title, string Abstract)
{
    /// <summary>What the product embeds for a paper (the embedding job's input).</summary>
    public string EmbeddingText => DailyPapers.Search.Semantic.TextEmbedder.DocumentText(Title, Abstract);
}

/// <summary>Reads the month files of the arxiv-daily sample (57,583 real papers, each listed once).</summary>
internal static class ArxivDaily
{
    public const string DefaultFolder = "/work/shared/data/arxiv-daily";

    public static List<ArxivDailyPaper> Load(string folder)
    {
        var papers = new List<ArxivDailyPaper>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                var raw = JsonSerializer.Deserialize(line, ArxivDailyJson.Default.RawLine)
                    ?? throw new InvalidDataException($"{file}: a line that is not an object");
                papers.Add(new ArxivDailyPaper(
                    raw.Id, DateOnly.ParseExact(raw.ListingDate, "yyyy-MM-dd"), raw.Categories, raw.Authors,
                    PaperText.Display(raw.Title), PaperText.Display(raw.Summary)));
            }
        }
        return papers;
    }
}

internal sealed record RawLine(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("categories")] List<string> Categories,
    [property: JsonPropertyName("authors")] List<string> Authors,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("listing_date")] string ListingDate);

[JsonSerializable(typeof(RawLine))]
internal sealed partial class ArxivDailyJson : JsonSerializerContext;
