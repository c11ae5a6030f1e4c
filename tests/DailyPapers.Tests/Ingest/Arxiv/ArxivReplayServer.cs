using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Ingest.Arxiv;

/// <summary>What the replay server does to one request instead of (or before) replaying it.</summary>
public sealed record ReplayFault
{
    public int Status { get; init; }
    public string? RetryAfter { get; init; }
    public bool DropConnection { get; init; }
    public bool DropMidBody { get; init; }
    public bool CutBody { get; init; }
    public TimeSpan Delay { get; init; }

    public static ReplayFault Unavailable(string retryAfter) => new() { Status = 503, RetryAfter = retryAfter };
    public static ReplayFault TooManyRequests(string retryAfter) => new() { Status = 429, RetryAfter = retryAfter };
    public static ReplayFault ServerError() => new() { Status = 500 };

    /// <summary>Closes the connection without sending a response.</summary>
    public static ReplayFault Drop() => new() { DropConnection = true };

    /// <summary>Announces the whole body, sends half of it, then closes the connection.</summary>
    public static ReplayFault DropHalfway() => new() { DropMidBody = true };

    /// <summary>A complete 200 response whose body is only the first half of the recording.</summary>
    public static ReplayFault HalfBody() => new() { CutBody = true };

    /// <summary>Waits this long before replaying (for timeouts).</summary>
    public static ReplayFault Slow(TimeSpan delay) => new() { Delay = delay };
}

/// <summary>One request the replay server received: when it arrived and when its response was ready.</summary>
public sealed class ReplayRequest(string query, DateTimeOffset arrived)
{
    public string Query { get; } = query;
    public DateTimeOffset Arrived { get; } = arrived;
    public DateTimeOffset Finished { get; internal set; }
    public string Answer { get; internal set; } = "";
}

/// <summary>
/// A real Kestrel server on 127.0.0.1 that answers <c>/api/query</c> with the recorded arXiv responses of
/// Fixtures/arxiv-api (INDEX.tsv maps each request URL to its file and HTTP status), matching on the decoded
/// query parameters. Faults queued with <see cref="FailNext"/> apply to the next requests, one each, in order.
/// Times are read from the given clock, so tests with a fake clock see the waits the client made.
/// </summary>
public sealed class ArxivReplayServer : IAsyncDisposable
{
    private static readonly string FixtureFolder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "arxiv-api");

    private readonly WebApplication app;
    private readonly TimeProvider clock;
    private readonly Dictionary<string, (string File, int Status)> recordings;
    private readonly ConcurrentQueue<ReplayFault> faults = new();
    private readonly List<ReplayRequest> requests = [];

    private ArxivReplayServer(WebApplication app, TimeProvider clock)
    {
        this.app = app;
        this.clock = clock;
        recordings = File.ReadLines(Path.Combine(FixtureFolder, "INDEX.tsv"))
            .Skip(1)
            .Select(line => line.Split('\t'))
            .Where(cols => cols.Length == 3)
            .ToDictionary(cols => Key(QueryHelpers.ParseQuery(new Uri(cols[2]).Query)),
                cols => (cols[0], int.Parse(cols[1], CultureInfo.InvariantCulture)));
        app.Run(Answer);
    }

    /// <summary>The URL to put in <c>Arxiv:ApiUrl</c>.</summary>
    public Uri ApiUrl => new(app.Urls.First() + "/api/query");

    /// <summary>Extra wait before every response, so overlapping requests would be visible.</summary>
    public TimeSpan ResponseDelay { get; set; }

    public IReadOnlyList<ReplayRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    public static async Task<ArxivReplayServer> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new ArxivReplayServer(builder.Build(), clock ?? TimeProvider.System);
        await server.app.StartAsync();
        return server;
    }

    public void FailNext(params ReplayFault[] next)
    {
        foreach (var fault in next)
        {
            faults.Enqueue(fault);
        }
    }

    private async Task Answer(HttpContext context)
    {
        if (context.Request.Path != "/api/query")
        {
            context.Response.StatusCode = 404;
            return;
        }
        var request = new ReplayRequest(context.Request.QueryString.Value ?? "", clock.GetUtcNow());
        lock (requests)
        {
            requests.Add(request);
        }
        var fault = faults.TryDequeue(out var f) ? f : null;
        var delay = ResponseDelay + (fault?.Delay ?? TimeSpan.Zero);
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                request.Answer = "client gave up";
                return;
            }
        }
        request.Finished = clock.GetUtcNow();
        if (fault is { DropConnection: true })
        {
            request.Answer = "dropped";
            context.Abort();
            return;
        }
        if (fault is { Status: > 0 })
        {
            request.Answer = fault.Status.ToString(CultureInfo.InvariantCulture);
            context.Response.StatusCode = fault.Status;
            if (fault.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }
            await context.Response.WriteAsync("<html><body>arXiv is busy</body></html>");
            return;
        }
        if (!recordings.TryGetValue(Key(context.Request.Query), out var recording))
        {
            request.Answer = "404";
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync($"no recording for {context.Request.QueryString}");
            return;
        }
        var body = await File.ReadAllBytesAsync(Path.Combine(FixtureFolder, recording.File));
        request.Answer = recording.File;
        context.Response.StatusCode = recording.Status;
        context.Response.ContentType = "application/atom+xml; charset=UTF-8";
        if (fault is { DropMidBody: true })
        {
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2));
            await context.Response.Body.FlushAsync();
            context.Abort();
            return;
        }
        var sent = fault is { CutBody: true } ? body.AsMemory(0, body.Length / 2) : body;
        context.Response.ContentLength = sent.Length;
        await context.Response.Body.WriteAsync(sent);
    }

    private static string Key(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query) =>
        string.Join('&', query
            .Where(p => p.Key != "")
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }
}
