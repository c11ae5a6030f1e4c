using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Ingest.Snapshot;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Ingest.Snapshot;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Operations;

/// <summary>
/// <c>/metrics</c>: off unless <c>Metrics:Enabled</c>; when on, OpenTelemetry's Prometheus text with ASP.NET Core's, the
/// runtime's and the product's own <c>dailypapers_*</c> figures, moved by real work (an import with a bad line, a sign-in
/// mail, a search), for clients in <c>Metrics:AllowedNetworks</c> only. The class runs alone (<see cref="MetricsCollection"/>).
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed partial class MetricsTests
{
    [Fact]
    public async Task Metrics_are_not_served_unless_enabled()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite");

        var response = await site.Client("127.0.0.1").GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Metrics_show_the_products_own_figures_to_allowed_networks_only(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?>
        {
            ["Metrics:Enabled"] = "true",
            ["Metrics:AllowedNetworks:0"] = "10.20.0.0/16",
            ["Status:NodeName"] = "node-a",
        });
        var folder = Directory.CreateTempSubdirectory("dailypapers-metrics-").FullName;
        try
        {
            var file = Path.Combine(folder, "snapshot.jsonl");
            await File.WriteAllLinesAsync(file, File.ReadLines(SnapshotFiles.Head200Fixture).Take(3).Append("{\"id\": not json"));
            var importer = ActivatorUtilities.CreateInstance<SnapshotImporter>(site.Services);
            await importer.ImportAsync(new SnapshotImportRequest(file), new RecordingObserver());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        var reader = site.Client("10.20.0.9");
        await site.SignInAsync(reader, $"metrics-{Guid.NewGuid():N}@example.org");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/search?q=transformers")).StatusCode);

        var response = await site.Client("10.20.3.4").GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var samples = Samples(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, Value(samples, "dailypapers_papers_harvested_total", "source=\"snapshot\""));
        Assert.Equal(1, Value(samples, "dailypapers_papers_rejected_total", "source=\"snapshot\""));
        Assert.True(Value(samples, "dailypapers_mail_sent_total") >= 1);
        Assert.True(Value(samples, "dailypapers_search_duration_seconds_count") >= 1);
        // The search page ranked by words and marked them: both stages timed apart.
        Assert.True(Value(samples, "dailypapers_search_stage_duration_seconds_count", "stage=\"keyword\"") >= 1);
        Assert.True(Value(samples, "dailypapers_search_stage_duration_seconds_count", "stage=\"highlight\"") >= 1);
        Assert.True(Value(samples, "dailypapers_embeddings_backlog") >= 3, "The three imported papers wait for their vectors.");
        Assert.True(Value(samples, "dailypapers_search_index_lag", "node=\"node-a\"") >= 0);
        foreach (var status in DailyPapers.Digest.Delivery.DigestOutbox.Statuses)
        {
            Assert.Equal(0, Value(samples, "dailypapers_digest_outbox", $"status=\"{status}\""));
        }
        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_count" && s.Labels.Contains("http_route=\"/search\"", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Name.StartsWith("dotnet_gc_", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, (await site.Client("127.0.0.1").GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await site.Client("10.21.0.1").GetAsync("/metrics")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_embedding_backlog_is_counted_again_only_once_its_interval_has_passed_and_then_beside_the_reads(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?> { ["Search:EmbedInBackground"] = "false" });
        var status = site.Services.GetRequiredService<DailyPapers.Search.SearchStatus>();
        var lines = File.ReadLines(SnapshotFiles.Head200Fixture).ToList();
        await ImportAsync(site, lines.Take(3));

        Assert.Equal(3, (await status.ReadAsync()).EmbeddingBacklog);
        await ImportAsync(site, lines.Skip(3).Take(2));
        // Counting looks at every paper: within the interval, the last count stands, and nothing counts beside it.
        Assert.Equal(3, (await status.ReadAsync()).EmbeddingBacklog);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(3, (await status.ReadAsync()).EmbeddingBacklog);

        site.Clock.Advance(DailyPapers.Search.SearchStatus.BacklogInterval);
        // The read past the interval still answers at once, with the last count, and has the papers counted beside it.
        Assert.Equal(3, (await status.ReadAsync()).EmbeddingBacklog);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long backlog;
        while ((backlog = (await status.ReadAsync()).EmbeddingBacklog) != 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(5, backlog);
    }

    private static async Task ImportAsync(AccountsSite site, IEnumerable<string> lines)
    {
        var folder = Directory.CreateTempSubdirectory("dailypapers-backlog-").FullName;
        try
        {
            var file = Path.Combine(folder, "snapshot.jsonl");
            await File.WriteAllLinesAsync(file, lines);
            await ActivatorUtilities.CreateInstance<SnapshotImporter>(site.Services).ImportAsync(new SnapshotImportRequest(file), new RecordingObserver());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Metrics_default_to_loopback_readers_and_judge_a_proxied_reader_by_their_own_address()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite", new Dictionary<string, string?> { ["Metrics:Enabled"] = "true" });

        Assert.Equal(HttpStatusCode.OK, (await site.Client("127.0.0.1").GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await site.Client("192.0.2.7").GetAsync("/metrics")).StatusCode);
        // A reader behind nginx on the same machine: the proxy is loopback, the reader is not.
        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.5");
        Assert.Equal(HttpStatusCode.Forbidden, (await site.Client("127.0.0.1").SendAsync(proxied)).StatusCode);
    }

    [Fact]
    public async Task A_network_that_is_not_CIDR_stops_the_site_naming_the_key()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var site = await AccountsSite.StartAsync("Sqlite", new Dictionary<string, string?>
            {
                ["Metrics:Enabled"] = "true",
                ["Metrics:AllowedNetworks:0"] = "ten dot zero",
            });
        });

        Assert.Contains("Metrics:AllowedNetworks", error.ToString(), StringComparison.Ordinal);
    }

    private sealed record Sample(string Name, string Labels, double Value);

    private static List<Sample> Samples(string text) =>
        [.. text.Split('\n').Select(l => SampleLine().Match(l)).Where(m => m.Success)
            .Select(m => new Sample(m.Groups["name"].Value, m.Groups["labels"].Value, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)))];

    /// <summary>The sum over the samples of <paramref name="name"/> whose labels hold <paramref name="label"/> (asserts there is one).</summary>
    private static double Value(List<Sample> samples, string name, string label = "")
    {
        var matching = samples.Where(s => s.Name == name && s.Labels.Contains(label, StringComparison.Ordinal)).ToList();
        Assert.True(matching.Count > 0, $"No {name}{{{label}}} in /metrics; it has {string.Join(", ", samples.Select(s => s.Name).Where(n => n.StartsWith("dailypapers", StringComparison.Ordinal)).Distinct())}");
        return matching.Sum(s => s.Value);
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)")]
    private static partial Regex SampleLine();
}
