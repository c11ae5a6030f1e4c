using System.Text.Json.Serialization;

namespace DailyPapers.Demo;

/// <summary>One line of <c>seed-papers.jsonl</c>: a paper of the reference daily page, in page order.</summary>
public sealed class SeedPaper
{
    [JsonPropertyName("arxiv_id")] public string? ArxivId { get; set; }
    [JsonPropertyName("title")] public string? Title { get; set; }
    [JsonPropertyName("authors")] public List<string>? Authors { get; set; }
    [JsonPropertyName("published")] public string? Published { get; set; }
    [JsonPropertyName("upvotes")] public int Upvotes { get; set; }
    [JsonPropertyName("page_rank")] public int PageRank { get; set; }
    [JsonPropertyName("abstract")] public string? Abstract { get; set; }
}
