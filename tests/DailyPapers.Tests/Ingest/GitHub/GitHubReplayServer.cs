using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Ingest.GitHub;

/// <summary>One request the GitHub replay server received.</summary>
public sealed record GitHubRequest(string Path, string? IfNoneMatch, string? Authorization, string? UserAgent, int Status);

/// <summary>
/// A real Kestrel server on 127.0.0.1 that answers <c>GET /repos/{owner}/{repo}</c> as the GitHub REST API does,
/// from Fixtures/github-api/repos (case ignored, as GitHub does): an ETag per content, 304 to a matching
/// If-None-Match, 404 for an unknown repository, and X-RateLimit-Limit/Remaining/Reset over a budget of
/// <see cref="Limit"/> requests (a 304 to an authorised request does not count, as GitHub documents). Refusals
/// queued with <see cref="RefuseNext"/> answer the next requests instead.
/// </summary>
public sealed class GitHubReplayServer : IAsyncDisposable
{
    private static readonly string FixtureFolder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "github-api", "repos");

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> stars = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<Action<HttpResponse>> refusals = new();
    private readonly List<GitHubRequest> requests = [];
    private int used;

    private GitHubReplayServer(WebApplication app)
    {
        this.app = app;
        app.Run(Answer);
    }

    /// <summary>The URL to put in <c>GitHub:ApiUrl</c>.</summary>
    public Uri ApiUrl => new(app.Urls.First());

    /// <summary>Requests per window (X-RateLimit-Limit); the window resets at <see cref="Reset"/>.</summary>
    public int Limit { get; set; } = 60;

    public DateTimeOffset Reset { get; set; } = DateTimeOffset.UtcNow.AddHours(1);

    public IReadOnlyList<GitHubRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    public static async Task<GitHubReplayServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new GitHubReplayServer(builder.Build());
        await server.app.StartAsync();
        return server;
    }

    /// <summary>Changes a repository's stars from what its recording says (its ETag changes with it).</summary>
    public void SetStars(string repo, int count) => stars[repo] = count;

    /// <summary>The next request gets 403 with Retry-After (GitHub's secondary rate limit).</summary>
    public void RefuseNextWithRetryAfter(int seconds) => refusals.Enqueue(r =>
    {
        r.StatusCode = 403;
        r.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
    });

    /// <summary>The next request gets this status (500, 502…).</summary>
    public void RefuseNext(int status) => refusals.Enqueue(r => r.StatusCode = status);

    private async Task Answer(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var status = await AnswerCoreAsync(request, response);
        lock (requests)
        {
            requests.Add(new GitHubRequest(request.Path, request.Headers.IfNoneMatch.FirstOrDefault(), request.Headers.Authorization.FirstOrDefault(),
                request.Headers.UserAgent.FirstOrDefault(), status));
        }
    }

    private async Task<int> AnswerCoreAsync(HttpRequest request, HttpResponse response)
    {
        var parts = request.Path.Value!.Trim('/').Split('/');
        if (parts.Length != 3 || parts[0] != "repos" || !HttpMethods.IsGet(request.Method))
        {
            response.StatusCode = 404;
            return 404;
        }
        var authorised = request.Headers.Authorization.Count > 0;
        if (refusals.TryDequeue(out var refuse))
        {
            refuse(response);
            Count(response, counts: true);
            await response.WriteAsync("""{"message":"You have exceeded a secondary rate limit."}""");
            return response.StatusCode;
        }
        if (used >= Limit)
        {
            response.StatusCode = 403;
            Count(response, counts: false);
            await response.WriteAsync("""{"message":"API rate limit exceeded."}""");
            return 403;
        }
        var file = Path.Combine(FixtureFolder, parts[1].ToLowerInvariant(), parts[2].ToLowerInvariant() + ".json");
        if (!File.Exists(file))
        {
            response.StatusCode = 404;
            Count(response, counts: true);
            await response.WriteAsync("""{"message":"Not Found","documentation_url":"https://docs.github.com/rest/repos/repos#get-a-repository"}""");
            return 404;
        }
        var json = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        if (stars.TryGetValue($"{parts[1]}/{parts[2]}", out var n))
        {
            json["stargazers_count"] = n;
        }
        var body = Encoding.UTF8.GetBytes(json.ToJsonString());
        var etag = $"W/\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"";
        response.Headers.ETag = etag;
        if (request.Headers.IfNoneMatch.Contains(etag))
        {
            response.StatusCode = 304;
            Count(response, counts: !authorised);
            return 304;
        }
        Count(response, counts: true);
        response.ContentType = "application/json; charset=utf-8";
        await response.Body.WriteAsync(body);
        return 200;
    }

    private void Count(HttpResponse response, bool counts)
    {
        if (counts)
        {
            used++;
        }
        response.Headers["X-RateLimit-Limit"] = Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = Math.Max(0, Limit - used).ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Reset"] = Reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Used"] = used.ToString(CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }
}
