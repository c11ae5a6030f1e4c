using System.Collections.Concurrent;
using DailyPapers.Tests.Ingest.Arxiv;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Ingest.Oai;

/// <summary>
/// A real Kestrel server on 127.0.0.1 that answers <c>/oai</c> with the files of Fixtures/arxiv-oai. By default a
/// fresh ListRecords in arXivRaw (whatever its from, until or set) gets the recorded first page, and its token
/// <see cref="Page1Token"/> the generated second, last page. <see cref="Route"/> answers one exact query with
/// another file; <see cref="AnswerNext"/> answers the next requests with given files whatever they ask; faults
/// (<see cref="ReplayFault"/>, shared with the query API's replay server) come first. Arrival times are read
/// from the given clock, so a test on a fast-forward clock sees the waits the harvester made.
/// </summary>
public sealed class OaiReplayServer : IAsyncDisposable
{
    public const string Page1 = "ListRecordsResponse.xml";
    public const string Page2 = "ListRecordsPage2.generated.xml";
    public const string Page1Token = "726959|1001";

    public static readonly string FixtureFolder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "arxiv-oai");

    private readonly WebApplication app;
    private readonly TimeProvider clock;
    private readonly ConcurrentQueue<ReplayFault> faults = new();
    private readonly ConcurrentQueue<string> answers = new();
    private readonly ConcurrentDictionary<string, string> routes = new();
    private readonly List<ReplayRequest> requests = [];
    private int holdFrom = int.MaxValue;
    private int held;
    private TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OaiReplayServer(WebApplication app, TimeProvider clock)
    {
        this.app = app;
        this.clock = clock;
        app.Run(Answer);
    }

    /// <summary>The URL to put in <c>Arxiv:OaiUrl</c>.</summary>
    public Uri OaiUrl => new(app.Urls.First() + "/oai");

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

    public static async Task<OaiReplayServer> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new OaiReplayServer(builder.Build(), clock ?? TimeProvider.System);
        await server.app.StartAsync();
        return server;
    }

    /// <summary>The decoded query parameters of a request the server received.</summary>
    public static Dictionary<string, string> Query(ReplayRequest request) =>
        QueryHelpers.ParseQuery(request.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    public static string Fixture(string file) => File.ReadAllText(Path.Combine(FixtureFolder, file));

    public void FailNext(params ReplayFault[] next)
    {
        foreach (var fault in next)
        {
            faults.Enqueue(fault);
        }
    }

    public void AnswerNext(params string[] files)
    {
        foreach (var file in files)
        {
            answers.Enqueue(file);
        }
    }

    /// <summary>
    /// Leaves requests unanswered, from the <paramref name="answered"/>+1-th one the server receives from now, until
    /// <see cref="ReleaseHeld"/>: a harvester waits between pages with nothing in flight, for a test to kill it there.
    /// </summary>
    public void HoldAfter(int answered)
    {
        release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (requests)
        {
            holdFrom = requests.Count + answered;
        }
    }

    /// <summary>Requests waiting unanswered.</summary>
    public int Held => Volatile.Read(ref held);

    public void ReleaseHeld()
    {
        holdFrom = int.MaxValue;
        release.TrySetResult();
    }

    /// <summary>Answers requests with exactly these parameters (in any order, e.g. "verb=ListRecords&amp;from=…") with <paramref name="file"/>.</summary>
    public void Route(string query, string file) => routes[Key(QueryHelpers.ParseQuery(query))] = file;

    private async Task Answer(HttpContext context)
    {
        if (context.Request.Path != "/oai")
        {
            context.Response.StatusCode = 404;
            return;
        }
        var request = new ReplayRequest(context.Request.QueryString.Value ?? "", clock.GetUtcNow());
        bool hold;
        lock (requests)
        {
            hold = requests.Count >= holdFrom;
            requests.Add(request);
        }
        if (hold)
        {
            Interlocked.Increment(ref held);
            try
            {
                await release.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
            Interlocked.Decrement(ref held);
        }
        request.Finished = clock.GetUtcNow();
        if (faults.TryDequeue(out var fault))
        {
            if (fault.DropConnection)
            {
                request.Answer = "dropped";
                context.Abort();
                return;
            }
            if (fault.Status > 0)
            {
                request.Answer = $"{fault.Status}";
                context.Response.StatusCode = fault.Status;
                if (fault.RetryAfter is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = retryAfter;
                }
                await context.Response.WriteAsync("<html><body>arXiv is busy</body></html>");
                return;
            }
        }
        var file = answers.TryDequeue(out var next) ? next : Recording(context.Request.Query);
        if (file is null)
        {
            request.Answer = "404";
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync($"no recording for {context.Request.QueryString}");
            return;
        }
        var body = await File.ReadAllBytesAsync(Path.Combine(FixtureFolder, file));
        request.Answer = file;
        context.Response.ContentType = "text/xml; charset=UTF-8";
        var sent = fault is { CutBody: true } ? body.AsMemory(0, body.Length / 2) : body;
        context.Response.ContentLength = sent.Length;
        await context.Response.Body.WriteAsync(sent);
    }

    private string? Recording(IQueryCollection query)
    {
        if (routes.TryGetValue(Key(query), out var routed))
        {
            return routed;
        }
        if (query["verb"] != "ListRecords")
        {
            return null;
        }
        if (query.TryGetValue("resumptionToken", out var token))
        {
            return query.Count == 2 && token == Page1Token ? Page2 : null;
        }
        return query["metadataPrefix"] == "arXivRaw" ? Page1 : null;
    }

    private static string Key(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query) =>
        string.Join('&', query.Where(p => p.Key != "").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }
}
