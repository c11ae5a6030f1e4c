using System.Globalization;
using System.Text.Json.Serialization;
using DailyPapers.Papers.Links;

namespace DailyPapers.Papers;

/// <summary>
/// A paper in the shape of Hugging Face's Papers API (<c>GET /api/papers/{id}</c>, and <c>paper</c> inside a
/// daily-papers item). Field names, nesting and JSON types follow theirs. As on huggingface.co, a key we have no
/// value for is left out rather than sent as null (the API serialises with WhenWritingNull): the repository and
/// stars of a paper without linked code, <c>submittedOnDailyAt</c> of a paper on no list, <c>ai_summary</c>,
/// <c>ai_keywords</c> and <c>organization</c> (this site has none).
/// </summary>
public sealed record PaperJson
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("authors")] public required IReadOnlyList<AuthorJson> Authors { get; init; }
    /// <summary>The arXiv date (version 1), ISO-8601 UTC.</summary>
    [JsonPropertyName("publishedAt")] public required string PublishedAt { get; init; }
    /// <summary>When the paper went on a daily list; left out when it never did.</summary>
    [JsonPropertyName("submittedOnDailyAt")] public string? SubmittedOnDailyAt { get; init; }
    /// <summary>On one line: line breaks and runs of spaces of the source collapsed, LaTeX kept.</summary>
    [JsonPropertyName("title")] public required string Title { get; init; }
    /// <summary>Each paragraph on one line (LaTeX kept), paragraphs separated by a blank line.</summary>
    [JsonPropertyName("summary")] public required string Summary { get; init; }
    [JsonPropertyName("upvotes")] public required int Upvotes { get; init; }
    [JsonPropertyName("discussionId")] public required string DiscussionId { get; init; }
    /// <summary><c>https://github.com/owner/repo</c>, found in the abstract or the arXiv comments or set by the submitter or an author.</summary>
    [JsonPropertyName("githubRepo")] public string? GithubRepo { get; init; }
    /// <summary>The repository's stars at the last reading from GitHub.</summary>
    [JsonPropertyName("githubStars")] public int? GithubStars { get; init; }
    [JsonPropertyName("projectPage")] public string? ProjectPage { get; init; }
    [JsonPropertyName("submittedOnDailyBy")] public DailyUserJson? SubmittedOnDailyBy { get; init; }

    /// <summary>Set on <c>GET /api/papers/{id}</c> only, as Hugging Face does (so are the linked models, datasets and spaces).</summary>
    [JsonPropertyName("numComments")] public int? NumComments { get; init; }
    [JsonPropertyName("linkedModels")] public IReadOnlyList<object>? LinkedModels { get; init; }
    [JsonPropertyName("numTotalModels")] public int? NumTotalModels { get; init; }
    [JsonPropertyName("linkedDatasets")] public IReadOnlyList<object>? LinkedDatasets { get; init; }
    [JsonPropertyName("numTotalDatasets")] public int? NumTotalDatasets { get; init; }
    [JsonPropertyName("linkedSpaces")] public IReadOnlyList<object>? LinkedSpaces { get; init; }
    [JsonPropertyName("numTotalSpaces")] public int? NumTotalSpaces { get; init; }

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The author's id in <c>authors[]._id</c> and the claim API's <c>claimAuthorId</c>.</summary>
    public static string AuthorId(string arxivId, int position) => HfIds.For("author", $"{arxivId}#{position}");

    public static PaperJson From(Paper p, LinkedCode? code = null) => new()
    {
        Id = p.ArxivId,
        Authors = p.Authors.Select((a, i) => new AuthorJson { Id = AuthorId(p.ArxivId, i), Name = a.Name }).ToList(),
        PublishedAt = Time(p.PublishedAt),
        Title = SourceText.Collapse(p.Title),
        Summary = SourceText.Paragraphs(p.Abstract),
        Upvotes = p.Upvotes,
        DiscussionId = HfIds.For("discussion", p.ArxivId),
        GithubRepo = code?.GithubUrl,
        GithubStars = code?.Stars,
        ProjectPage = code?.ProjectPage,
    };

    /// <summary>
    /// What <c>GET /api/papers/{id}</c> adds: the comment count, and the models, datasets and spaces that use the paper
    /// (none here: this site hosts no models; the lists are empty rather than missing, which clients count).
    /// </summary>
    public PaperJson WithPaperPageFields(int numComments) => this with
    {
        NumComments = numComments,
        LinkedModels = [],
        NumTotalModels = 0,
        LinkedDatasets = [],
        NumTotalDatasets = 0,
        LinkedSpaces = [],
        NumTotalSpaces = 0,
    };
}

/// <summary>
/// An author of a paper, as Hugging Face lists them; an author whose claim a moderator approved also has the
/// reader's account (<c>user</c>), <c>status</c> <c>claimed_verified</c> and when it was approved.
/// </summary>
public sealed record AuthorJson
{
    public const string VerifiedStatus = "claimed_verified";

    [JsonPropertyName("_id")] public required string Id { get; init; }
    [JsonPropertyName("user")] public DailyUserJson? User { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("statusLastChangedAt")] public string? StatusLastChangedAt { get; init; }
    [JsonPropertyName("hidden")] public bool Hidden { get; init; }
}

/// <summary>A reader's account as Hugging Face shows a user inside a paper: the handle is <c>user</c>.</summary>
public sealed record DailyUserJson
{
    [JsonPropertyName("_id")] public required string Id { get; init; }
    [JsonPropertyName("avatarUrl")] public required string AvatarUrl { get; init; }
    [JsonPropertyName("fullname")] public required string Fullname { get; init; }
    [JsonPropertyName("user")] public required string User { get; init; }
    [JsonPropertyName("type")] public string Type { get; init; } = "user";
    [JsonPropertyName("isPro")] public bool IsPro { get; init; }

    public static string Avatar(string baseUrl, string handle) => $"{baseUrl}/avatars/{Uri.EscapeDataString(handle)}.svg";

    public static DailyUserJson For(long userId, string handle, string displayName, string baseUrl) =>
        new() { Id = HfIds.ForUser(userId), AvatarUrl = Avatar(baseUrl, handle), Fullname = displayName, User = handle };
}
