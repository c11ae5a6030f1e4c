using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace DailyPapers.Ingest.GitHub;

/// <summary>What GitHub said about a repository.</summary>
public enum GitHubAnswer
{
    /// <summary>200: the stars (and a new ETag).</summary>
    Read,

    /// <summary>304: unchanged since the ETag we sent (GitHub does not count it against the rate limit).</summary>
    NotModified,

    /// <summary>404, 410 or 451: no such public repository.</summary>
    Missing,

    /// <summary>403 or 429 for too many requests: ask again no earlier than <see cref="GitHubReading.RetryAt"/>.</summary>
    RateLimited,

    /// <summary>Unreachable, timed out, a 5xx or an answer we cannot read.</summary>
    Failed,
}

/// <summary>One answer, with the rate-limit headers that came with it.</summary>
public sealed record GitHubReading(GitHubAnswer Answer)
{
    public int? Stars { get; init; }
    public string? ETag { get; init; }
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>X-RateLimit-Remaining: requests left in the window; 0 means wait for <see cref="Reset"/>.</summary>
    public int? Remaining { get; init; }

    /// <summary>X-RateLimit-Reset: when the window starts again.</summary>
    public DateTimeOffset? Reset { get; init; }

    public string? Error { get; init; }
}

/// <summary>
/// <c>GET /repos/{owner}/{repo}</c> of the GitHub REST API, conditional on the ETag of the last answer, with the
/// token when one is configured. It never throws for what the network or GitHub does: every outcome is a reading.
/// </summary>
public sealed class GitHubClient(HttpClient http, IOptions<GitHubOptions> options, TimeProvider clock)
{
    public async Task<GitHubReading> ReadRepoAsync(string repo, string? etag, CancellationToken ct)
    {
        var o = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(o.ApiUrl.AbsoluteUri.TrimEnd('/') + "/repos/" + repo));
        request.Headers.Accept.ParseAdd("application/vnd.github+json");
        request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", "2022-11-28");
        if (!string.IsNullOrEmpty(etag))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }
        if (!string.IsNullOrWhiteSpace(o.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.Token.Trim());
        }
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            var reading = Limits(response);
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    await using (var body = await response.Content.ReadAsStreamAsync(ct))
                    {
                        using var json = await JsonDocument.ParseAsync(body, cancellationToken: ct);
                        return json.RootElement.TryGetProperty("stargazers_count", out var stars) && stars.TryGetInt32(out var n) && n >= 0
                            ? reading with { Answer = GitHubAnswer.Read, Stars = n, ETag = response.Headers.ETag?.ToString() }
                            : reading with { Answer = GitHubAnswer.Failed, Error = "the answer has no stargazers_count" };
                    }
                case HttpStatusCode.NotModified:
                    return reading with { Answer = GitHubAnswer.NotModified, ETag = etag };
                case HttpStatusCode.NotFound or HttpStatusCode.Gone or HttpStatusCode.UnavailableForLegalReasons:
                    return reading with { Answer = GitHubAnswer.Missing };
                case HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests:
                    // GitHub's rule: Retry-After if sent; else, with no requests left, the reset time; else at least a minute.
                    var now = clock.GetUtcNow();
                    var retryAt = response.Headers.RetryAfter switch
                    {
                        { Delta: { } delta } => now + delta,
                        { Date: { } date } => date,
                        _ => reading.Remaining == 0 && reading.Reset is { } reset ? reset : now + TimeSpan.FromMinutes(1),
                    };
                    return reading with { Answer = GitHubAnswer.RateLimited, RetryAt = retryAt, Error = $"HTTP {(int)response.StatusCode}" };
                default:
                    return reading with { Answer = GitHubAnswer.Failed, Error = $"HTTP {(int)response.StatusCode}" };
            }
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or IOException
                                  || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return new GitHubReading(GitHubAnswer.Failed) { Error = e.Message };
        }
    }

    private static GitHubReading Limits(HttpResponseMessage response) => new(GitHubAnswer.Failed)
    {
        Remaining = Header(response, "X-RateLimit-Remaining") is { } r && int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
        Reset = Header(response, "X-RateLimit-Reset") is { } s && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
            ? DateTimeOffset.FromUnixTimeSeconds(t) : null,
    };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
