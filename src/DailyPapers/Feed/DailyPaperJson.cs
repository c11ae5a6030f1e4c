using System.Text.Json.Serialization;
using DailyPapers.Papers;

namespace DailyPapers.Feed;

/// <summary>One item of <c>GET /api/daily_papers</c> (and of <c>/api/papers/search</c>), shaped like Hugging Face's.</summary>
public sealed record DailyPaperJson
{
    [JsonPropertyName("paper")] public required PaperJson Paper { get; init; }
    /// <summary>When the paper went on the daily list (unlike <c>paper.publishedAt</c>, the arXiv date); the arXiv date for a paper on no list.</summary>
    [JsonPropertyName("publishedAt")] public required string PublishedAt { get; init; }
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("summary")] public required string Summary { get; init; }
    [JsonPropertyName("thumbnail")] public required string Thumbnail { get; init; }
    [JsonPropertyName("numComments")] public int NumComments { get; init; }
    /// <summary>The submitter (here the handle is <c>name</c>, not <c>user</c>, as on Hugging Face); left out when nobody submitted it.</summary>
    [JsonPropertyName("submittedBy")] public SubmittedByJson? SubmittedBy { get; init; }
    [JsonPropertyName("isAuthorParticipating")] public bool IsAuthorParticipating { get; init; }

    public static DailyPaperJson From(DailyEntry e, string baseUrl)
    {
        var verified = e.VerifiedAuthors.ToDictionary(v => v.Position);
        var paper = PaperJson.From(e.Paper, e.Code);
        paper = paper with
        {
            Authors = paper.Authors.Select((a, i) => verified.TryGetValue(i, out var v)
                ? a with
                {
                    User = DailyUserJson.For(v.UserId, v.Handle, v.DisplayName, baseUrl),
                    Status = AuthorJson.VerifiedStatus,
                    StatusLastChangedAt = PaperJson.Time(v.VerifiedAt),
                }
                : a).ToList(),
            SubmittedOnDailyAt = e.Listed ? PaperJson.Time(e.SubmittedAt) : null,
            SubmittedOnDailyBy = e.SubmittedBy is { } u ? DailyUserJson.For(u.Id, u.Handle, u.DisplayName, baseUrl) : null,
        };
        return new()
        {
            Paper = paper,
            PublishedAt = PaperJson.Time(e.SubmittedAt),
            Title = paper.Title,
            Summary = paper.Summary,
            Thumbnail = $"{baseUrl}/papers/{e.Paper.ArxivId}/thumbnail.svg",
            NumComments = e.NumComments,
            SubmittedBy = e.SubmittedBy is { } b
                ? new SubmittedByJson { Id = HfIds.ForUser(b.Id), AvatarUrl = DailyUserJson.Avatar(baseUrl, b.Handle), Fullname = b.DisplayName, Name = b.Handle }
                : null,
            IsAuthorParticipating = verified.Count > 0,
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
