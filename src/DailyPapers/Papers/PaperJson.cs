using System.Globalization;
using System.Text.Json.Serialization;

namespace DailyPapers.Papers;

/// <summary>
/// A paper in the shape of Hugging Face's Papers API (<c>GET /api/papers/{id}</c>, and <c>paper</c> inside a
/// daily-papers item). Field names, nesting and JSON types follow theirs; fields we cannot fill (GitHub repo,
/// AI summary) are present with null or empty values so existing clients keep working.
/// </summary>
public sealed record PaperJson
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("authors")] public required IReadOnlyList<AuthorJson> Authors { get; init; }
    /// <summary>The arXiv date (version 1), ISO-8601 UTC.</summary>
    [JsonPropertyName("publishedAt")] public required string PublishedAt { get; init; }
    /// <summary>When the paper went on a daily list; null when it never did.</summary>
    [JsonPropertyName("submittedOnDailyAt")] public string? SubmittedOnDailyAt { get; init; }
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("summary")] public required string Summary { get; init; }
    [JsonPropertyName("upvotes")] public required int Upvotes { get; init; }
    [JsonPropertyName("discussionId")] public required string DiscussionId { get; init; }
    [JsonPropertyName("githubRepo")] public string? GithubRepo { get; init; }
    [JsonPropertyName("githubStars")] public int? GithubStars { get; init; }
    [JsonPropertyName("ai_summary")] public string? AiSummary { get; init; }
    [JsonPropertyName("ai_keywords")] public IReadOnlyList<string> AiKeywords { get; init; } = [];
    [JsonPropertyName("submittedOnDailyBy")] public DailyUserJson? SubmittedOnDailyBy { get; init; }
    /// <summary>Set on <c>GET /api/papers/{id}</c> only, as Hugging Face does.</summary>
    [JsonPropertyName("numComments")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? NumComments { get; init; }

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static PaperJson From(Paper p, DateTime? submittedOnDailyAt = null, DailyUserJson? submittedBy = null, int? numComments = null) => new()
    {
        Id = p.ArxivId,
        Authors = p.Authors.Select((a, i) => new AuthorJson { Id = HfIds.For("author", $"{p.ArxivId}#{i}"), Name = a.Name }).ToList(),
        PublishedAt = Time(p.PublishedAt),
        SubmittedOnDailyAt = submittedOnDailyAt is { } s ? Time(s) : null,
        Title = p.Title,
        Summary = p.Abstract,
        Upvotes = p.Upvotes,
        DiscussionId = HfIds.For("discussion", p.ArxivId),
        SubmittedOnDailyBy = submittedBy,
        NumComments = numComments,
    };
}

/// <summary>An author of a paper, as Hugging Face lists them.</summary>
public sealed record AuthorJson
{
    [JsonPropertyName("_id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("hidden")] public bool Hidden { get; init; }
}

/// <summary>The reader who put the paper on the daily list (<c>paper.submittedOnDailyBy</c>: the handle is <c>user</c>).</summary>
public sealed record DailyUserJson
{
    [JsonPropertyName("_id")] public required string Id { get; init; }
    [JsonPropertyName("avatarUrl")] public required string AvatarUrl { get; init; }
    [JsonPropertyName("fullname")] public required string Fullname { get; init; }
    [JsonPropertyName("user")] public required string User { get; init; }
    [JsonPropertyName("type")] public string Type { get; init; } = "user";
    [JsonPropertyName("isPro")] public bool IsPro { get; init; }
}
