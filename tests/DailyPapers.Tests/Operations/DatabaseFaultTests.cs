using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace DailyPapers.Tests.Operations;

/// <summary>
/// Two nodes on a PostgreSQL cluster of the test's own, under load, while the server is restarted (fast or immediate
/// stop, then start) or frozen for 5 seconds: the nodes recover by themselves (same processes), /healthz says unhealthy
/// while the database is away, no request waits longer than the configured database timeouts allow, and no acknowledged
/// vote is lost.
/// </summary>
[Collection(OperationsCollection.Name)]
public sealed class DatabaseFaultTests(DatabaseFaultTests.OwnServer server, ITestOutputHelper output) : IClassFixture<DatabaseFaultTests.OwnServer>
{
    /// <summary>
    /// Longer than a vote's commands ever took on the loaded machine (bench/load.sh: p99 2.4 s for a whole vote at load
    /// average ~50), so that once the server is back no request fails for being slow. With 2 s (and 3 s to connect),
    /// votes queued behind a restart's backlog on a machine at load ~50 passed them and got 503 after both nodes were
    /// healthy again. The outages here are shorter: a stopped server refuses at once, a frozen one holds requests.
    /// </summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>After recovery, every getter and every voter must have had this many requests answered before the run stops.</summary>
    private const int RoundsAfterRecovery = 2;

    /// <summary>Shorter than the stall, with Npgsql's 2 s wait for a cancellation: /healthz must say "unhealthy" during it.</summary>
    private static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest a request may take: a connection's timeout, then a command's, then Npgsql's 2 s to cancel a command
    /// on a server that does not answer, and 10 s for a loaded machine. Past this, a request hung.
    /// </summary>
    private static readonly TimeSpan Bound = ConnectTimeout + CommandTimeout + TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(10);

    [Fact]
    public Task A_fast_restart_of_PostgreSQL() => SurvivesAsync("fast stop", () => server.Postgres.StopAsync("fast"), TimeSpan.FromSeconds(3), server.Postgres.StartAgainAsync);

    [Fact]
    public Task An_immediate_restart_of_PostgreSQL() => SurvivesAsync("immediate stop", () => server.Postgres.StopAsync("immediate"), TimeSpan.FromSeconds(3), server.Postgres.StartAgainAsync);

    /// <summary>A frozen server neither answers nor refuses: requests wait (at most as the timeouts allow), then go on.</summary>
    [Fact]
    public Task A_five_second_stall_of_PostgreSQL() => SurvivesAsync("stall", server.Postgres.PauseAsync, TimeSpan.FromSeconds(5), server.Postgres.ResumeAsync, stall: true);

    private async Task SurvivesAsync(string fault, Func<Task> start, TimeSpan outage, Func<Task> end, bool stall = false)
    {
        var nodes = server.Nodes;
        var pids = nodes.Both.Select(n => n.Pid).ToList();
        var papers = await nodes.PapersAsync();
        var ledger = await VoteLedger.StartAsync(nodes, server.Voters);
        var getters = nodes.Both.SelectMany(n => new[] { Client(n), Client(n) }).ToList();
        string[] paths = ["/", "/papers/date/2025-12-11", $"/papers/{papers[1]}", "/api/daily_papers", "/trending"];

        using var run = LoadRun.Start(getters, paths, server.Voters, papers);
        using var probes = new HealthProbes(nodes.Both, run);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var faultAt = run.Now;
        await start();
        var downAt = run.Now;
        await Task.Delay(outage);
        var endAt = run.Now;
        await end();
        foreach (var node in nodes.Both)
        {
            await node.WaitHealthyAsync(TimeSpan.FromMinutes(3));
        }
        var healthyAt = run.Now;
        await Task.Delay(TimeSpan.FromSeconds(1));
        var stableFrom = run.Now;
        // Not a fixed time: on a loaded machine a few seconds may hold no complete request at all.
        await run.UntilAsync(stableFrom, getters.Count * RoundsAfterRecovery, server.Voters.Count * RoundsAfterRecovery, TimeSpan.FromMinutes(3));
        await run.StopAsync();
        await probes.StopAsync();

        var gets = run.Gets.ToList();
        var votes = run.Votes.ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{fault}: began {faultAt.TotalSeconds:0.0} s, down {downAt.TotalSeconds:0.0} s, ended {endAt.TotalSeconds:0.0} s, both healthy {healthyAt.TotalSeconds:0.0} s; " +
            $"{gets.Count} GETs ({gets.Count(g => !g.Succeeded)} failed), {votes.Count} votes ({votes.Count(v => v.Acknowledged)} acknowledged), " +
            $"{probes.Results.Count} health probes ({probes.Results.Count(p => p.Status == HttpStatusCode.ServiceUnavailable)} unhealthy); slowest request {gets.Select(g => g.Took).Concat(votes.Select(v => v.Took)).Max().TotalSeconds:0.0} s"));
        foreach (var failure in gets.Where(g => !g.Succeeded).Take(5))
        {
            output.WriteLine("failed: " + failure);
        }

        Assert.Equal(pids, nodes.Both.Select(n => n.Pid).ToList());
        Assert.Contains(probes.Results, p => p.Status == HttpStatusCode.ServiceUnavailable && p.Started >= faultAt && p.Started < endAt);
        var slow = gets.Where(g => g.Took > Bound).Select(g => g.ToString())
            .Concat(votes.Where(v => v.Took > Bound).Select(v => $"vote {v.ArxivId} took {v.Took.TotalSeconds:0.0} s"))
            .Concat(probes.Results.Where(p => p.Took > Bound).Select(p => $"/healthz took {p.Took.TotalSeconds:0.0} s")).ToList();
        Assert.True(slow.Count == 0, $"Requests past {Bound.TotalSeconds} s:\n{string.Join('\n', slow.Take(10))}");
        var lateFailures = gets.Where(g => g.Started >= stableFrom && !g.Succeeded).Select(g => g.ToString())
            .Concat(votes.Where(v => v.Started >= stableFrom && !v.Acknowledged).Select(v => $"vote {v.ArxivId} at {v.Started.TotalSeconds:0.0}s took {v.Took.TotalSeconds:0.00}s: {v.Answer?.Status} {v.Error}")).ToList();
        Assert.True(lateFailures.Count == 0, $"Failures after both nodes were healthy again (from {stableFrom.TotalSeconds:0.0} s):\n{string.Join('\n', lateFailures.Take(10))}");
        Assert.Contains(gets, g => g.Started >= stableFrom);
        Assert.Contains(votes, v => v.Started >= stableFrom && v.Acknowledged);
        // The fault reached the readers: requests failed while the server was down, or, frozen, held them until it went on.
        var held = gets.Select(g => (g.Started, g.Took)).Concat(votes.Select(v => (v.Started, v.Took)))
            .Count(r => r.Started >= faultAt && r.Started < endAt - TimeSpan.FromSeconds(1) && r.Started + r.Took >= endAt);
        var failedDuring = gets.Count(g => !g.Succeeded) + votes.Count(v => !v.Acknowledged);
        Assert.True(stall ? held > 0 : failedDuring > 0, $"The {fault} did not reach the readers ({held} requests held, {failedDuring} failed)");
        await ledger.AssertExactAsync(votes);
    }

    private static HttpClient Client(NodeProcess node) => NodeClient.For(node.Url, timeout: TimeSpan.FromMinutes(1));

    /// <summary>Both nodes' /healthz, asked over and over, each answer kept with when it was asked.</summary>
    private sealed class HealthProbes : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _loops;
        private readonly System.Collections.Concurrent.ConcurrentQueue<LoadOutcome> _results = new();

        public HealthProbes(IEnumerable<NodeProcess> nodes, LoadRun clock)
        {
            _loops = nodes.Select(n => Task.Run(async () =>
            {
                using var http = Client(n);
                while (!_stop.IsCancellationRequested)
                {
                    var started = clock.Now;
                    try
                    {
                        var response = await http.GetAsync("/healthz");
                        _results.Enqueue(new LoadOutcome(n.Name + " /healthz", started, clock.Now - started, response.StatusCode, null));
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        _results.Enqueue(new LoadOutcome(n.Name + " /healthz", started, clock.Now - started, null, e.Message));
                    }
                    await Task.Delay(200);
                }
            })).ToList();
        }

        public IReadOnlyList<LoadOutcome> Results => [.. _results];

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_loops);
        }

        public void Dispose() => _stop.Dispose();
    }

    /// <summary>A PostgreSQL cluster of this class's own (the tests stop and freeze it), two nodes on it, and ten voters.</summary>
    public sealed class OwnServer : IAsyncLifetime
    {
        public LocalPostgres Postgres { get; private set; } = null!;
        public TwoNodes Nodes { get; private set; } = null!;
        public IReadOnlyList<SiteReader> Voters { get; private set; } = [];

        public async Task InitializeAsync()
        {
            Postgres = await LocalPostgres.StartAsync();
            var connectionString = await Postgres.CreateDatabaseAsync();
            Nodes = await TwoNodes.StartAsync(connectionString, port => $"http://127.0.0.1:{port}", new Dictionary<string, string?>
            {
                ["Database:CommandTimeout"] = CommandTimeout.ToString(),
                ["Database:ConnectTimeout"] = ConnectTimeout.ToString(),
                ["Database:HealthCheckTimeout"] = HealthCheckTimeout.ToString(),
            });
            Voters = await Nodes.SignInAsync(10, i => NodeClient.For(Nodes.Both[i % 2].Url, timeout: TimeSpan.FromMinutes(1)), "fault");
        }

        public async Task DisposeAsync()
        {
            if (Nodes is not null)
            {
                await Nodes.DisposeAsync();
            }
            if (Postgres is not null)
            {
                await Postgres.DisposeAsync();
            }
        }
    }
}
