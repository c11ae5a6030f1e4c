using System.Net;
using System.Text.Json;
using Dapper;
using Xunit.Abstractions;

namespace DailyPapers.Tests.Operations;

/// <summary>
/// Two nodes behind nginx on one PostgreSQL database, all real processes: votes cross nodes, a node killed under load
/// costs no GET and no vote, and comes back in step; what nginx adds (compression, the static cache, the forwarded
/// address) works as deploy/nginx.conf says.
/// </summary>
[Collection(OperationsCollection.Name)]
public sealed class ClusterTests(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private const string ListDay = "2025-12-11";

    [Fact]
    public async Task A_vote_through_node_A_is_seen_through_node_B_and_through_nginx()
    {
        var nodes = fixture.Nodes;
        var reader = await SiteReader.SignInAsync(NodeClient.For(nodes.A.Url, asHttps: true), $"cross-{Guid.NewGuid():N}@example.org", nodes.MailFolder);
        var paper = (await nodes.PapersAsync())[^1];
        using var b = NodeClient.For(nodes.B.Url, asHttps: true);
        var before = await UpvotesAsync(b, paper);

        var answer = await reader.VoteAsync(paper);

        Assert.True(answer.Acknowledged, $"The vote through node A answered {answer.Status}");
        Assert.Equal(before + 1, answer.Upvotes);
        Assert.Equal(before + 1, await UpvotesAsync(b, paper));
        using var proxy = fixture.ThroughNginx();
        for (var i = 0; i < 4; i++)
        {
            // Round robin: both nodes answer in turn.
            Assert.Equal(before + 1, await UpvotesAsync(proxy, paper));
        }
    }

    [Fact]
    public async Task A_node_killed_under_load_costs_no_GET_and_no_vote_and_comes_back_in_step()
    {
        var nodes = fixture.Nodes;
        var papers = await nodes.PapersAsync();
        var voters = await nodes.SignInAsync(20, _ => fixture.ThroughNginx(), "kill");
        var getters = Enumerable.Range(0, 6).Select(_ => fixture.ThroughNginx()).ToList();
        string[] paths = ["/", $"/papers/date/{ListDay}", $"/papers/{papers[0]}", "/api/daily_papers", $"/papers/date/{ListDay}.atom", "/trending", "/site.css"];
        var ledger = await VoteLedger.StartAsync(nodes, voters);

        using var run = LoadRun.Start(getters, paths, voters, papers);
        // Each phase lasts until every reader has had answers in it, not a fixed time: on a loaded machine a few
        // seconds may hold no complete request at all.
        var deadline = TimeSpan.FromMinutes(3);
        await run.UntilAsync(TimeSpan.Zero, getters.Count, voters.Count, deadline);
        var killedAt = run.Now;
        nodes.A.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await run.UntilAsync(killedAt + TimeSpan.FromSeconds(1), getters.Count * 2, voters.Count, deadline);
        var restartingAt = run.Now;
        await nodes.A.StartAsync();
        var backAt = run.Now;
        await run.UntilAsync(backAt, getters.Count * 2, voters.Count, deadline);
        await run.StopAsync();

        var gets = run.Gets.ToList();
        var failed = gets.Where(g => !g.Succeeded).ToList();
        output.WriteLine($"{gets.Count} GETs ({gets.Count(g => g.Started > killedAt && g.Started < backAt)} while node A was down), " +
            $"{run.Votes.Count} votes ({run.Votes.Count(v => v.Acknowledged)} acknowledged); killed at {killedAt.TotalSeconds:0.0} s, restarted at {restartingAt.TotalSeconds:0.0} s, serving at {backAt.TotalSeconds:0.0} s");
        foreach (var v in run.Votes.Where(v => !v.Acknowledged).Take(10))
        {
            output.WriteLine($"unacknowledged: {v.Email} {v.ArxivId} at {v.Started.TotalSeconds:0.0} s: {v.Answer?.Status} {v.Error}");
        }
        Assert.True(failed.Count == 0, $"{failed.Count} of {gets.Count} GETs failed:\n{string.Join('\n', failed.Take(10))}\nnginx:\n{fixture.Nginx.ErrorLog}");
        Assert.Contains(gets, g => g.Started > killedAt + TimeSpan.FromSeconds(1) && g.Started < restartingAt);
        await ledger.AssertExactAsync(run.Votes);

        // The restarted node caught up: its heartbeat reports the database's newest change, and it serves the counts.
        await WaitUntilCaughtUpAsync(nodes.A);
        using var a = NodeClient.For(nodes.A.Url, asHttps: true);
        var after = await nodes.UpvotesAsync();
        foreach (var paper in run.Votes.Where(v => v.Acknowledged).Select(v => v.ArxivId).Distinct().Take(5))
        {
            Assert.Equal(after[paper], await UpvotesAsync(a, paper));
        }
    }

    [Fact]
    public async Task Nginx_compresses_pages_and_feeds_caches_static_files_and_hides_metrics()
    {
        using var raw = fixture.ThroughNginx(decompress: false);
        foreach (var (path, encoding) in new[] { ($"/papers/date/{ListDay}", "gzip"), ($"/papers/date/{ListDay}.atom", "gzip"), ("/api/daily_papers", "gzip"), ($"/papers/date/{ListDay}", "br"), ($"/papers/date/{ListDay}.atom", "br") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
            using var response = await raw.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Content.Headers.ContentEncoding.Contains(encoding), $"{path} asked for {encoding} came as [{string.Join(",", response.Content.Headers.ContentEncoding)}]");
        }

        using var client = fixture.ThroughNginx();
        var first = await client.GetAsync("/site.css");
        var second = await client.GetAsync("/site.css");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("HIT", second.Headers.GetValues("X-Cache-Status"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        using var plain = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var redirect = await plain.GetAsync($"http://127.0.0.1:{fixture.Nginx.HttpPort}/trending");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.StartsWith("https://127.0.0.1", redirect.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_cannot_choose_the_address_the_rate_limits_see()
    {
        // Every request claims another X-Forwarded-For; nginx replaces it with the real peer, so all of them share one
        // per-client search budget per node (ClusterFixture.SearchLimit) and the budget runs out.
        using var client = fixture.ThroughNginx();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < (ClusterFixture.SearchLimit * 2) + 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/search?q=diffusion+{i}");
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Contains(HttpStatusCode.OK, statuses);
    }

    private async Task WaitUntilCaughtUpAsync(NodeProcess node)
    {
        var name = $"{Environment.MachineName}:{node.Port}";
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            await using var connection = await fixture.Nodes.OpenAsync();
            var head = await connection.ExecuteScalarAsync<long>("SELECT greatest((SELECT coalesce(max(change_seq), 0) FROM papers), (SELECT coalesce(max(change_seq), 0) FROM paper_tombstones))");
            var position = await connection.ExecuteScalarAsync<long?>("SELECT paper_position FROM node_heartbeats WHERE node = @name", new { name });
            if (position >= head)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{node.Name} stayed at change {position} of {head}:\n{node.Tail()}");
            await Task.Delay(250);
        }
    }

    private static async Task<int> UpvotesAsync(HttpClient client, string arxivId)
    {
        var response = await client.GetAsync($"/api/papers/{arxivId}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/papers/{arxivId}: {response.StatusCode}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("upvotes").GetInt32();
    }
}
