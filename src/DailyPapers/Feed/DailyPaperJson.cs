using System.Text.Json.Serialization;
using DailyPapers.Papers;

namespace DailyPapers.Feed;

/// <summary>One item of <c>GET /api/daily_papers</c>, shaped like Hugging Face's.</summary>
public sealed record DailyPaperJson
{
    [JsonPropertyName("paper")] public required PaperJson Paper { get; init; }
    /// <summary>When the paper went on the daily list (unlike <c>paper.publishedAt</c>, the arXiv date).</summary>
    [JsonPropertyName("publishedAt")] public required string PublishedAt { get; init; }
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("summary")] public required string Summary { get; init; }
    [JsonPropertyName("thumbnail")] public required string Thumbnail { get; init; }
    [JsonPropertyName("mediaUrls")] public IReadOnlyList<string> MediaUrls { get; init; } = [];
    [JsonPropertyName("numComments")] public int NumComments { get; init; }
    /// <summary>The submitter (here the handle is <c>name</c>, not <c>user</c>, as on Hugging Face).</summary>
    [JsonPropertyName("submittedBy")] public SubmittedByJson? SubmittedBy { get; init; }
    [JsonPropertyName("isAuthorParticipating")] public bool IsAuthorParticipating { get; init; }

    public static DailyPaperJson From(DailyEntry e, string baseUrl)
    {
        var avatar = e.SubmittedBy is { } s ? $"{baseUrl}/avatars/{Uri.EscapeDataString(s.Handle)}.svg" : "";
        var title = SourceText.Collapse(e.Paper.Title);
        return new()
        {
            Paper = PaperJson.From(e.Paper, e.SubmittedAt, e.SubmittedBy is { } u
                ? new DailyUserJson { Id = HfIds.ForUser(u.Id), AvatarUrl = avatar, Fullname = u.DisplayName, User = u.Handle }
                : null),
            PublishedAt = PaperJson.Time(e.SubmittedAt),
            Title = title,
            Summary = e.Paper.Abstract.Trim(),
            Thumbnail = $"{baseUrl}/papers/{e.Paper.ArxivId}/thumbnail.svg",
            NumComments = e.NumComments,
            SubmittedBy = e.SubmittedBy is { } b
                ? new SubmittedByJson { Id = HfIds.ForUser(b.Id), AvatarUrl = avatar, Fullname = b.DisplayName, Name = b.Handle }
                : null,
        };
    }
}

public sealed record SubmittedByJson
{
    [JsonPropertyName("_id")] public required string Id { get; init; }
    [JsonPropertyName("avatarUrl")] public required string AvatarUrl { get; init; }
    [JsonPropertyName("fullname")] public required string Fullname { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("type")] public string Type { get; init; } = "user";
    [JsonPropertyName("isPro")] public bool IsPro { get; init; }
    [JsonPropertyName("isHf")] public bool IsHf { get; init; }
    [JsonPropertyName("isMod")] public bool IsMod { get; init; }
    [JsonPropertyName("followerCount")] public int FollowerCount { get; init; }
}
