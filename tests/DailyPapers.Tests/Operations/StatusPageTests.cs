using System.Diagnostics;
using System.Globalization;
using System.Net;
using DailyPapers.Community.Accounts;
using DailyPapers.Ingest.Oai;
using DailyPapers.Search;
using DailyPapers.Search.Snapshots;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Ingest.Oai;
using DailyPapers.Tests.Search;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Operations;

/// <summary>
/// <c>/admin/status</c>: for admins only, one section per capability, with figures read from the database: the last
/// harvest of each set, the embedding backlog, every node's heartbeat and index position, the digest outbox, mail failures.
/// </summary>
public sealed class StatusPageTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Admins_see_each_capabilitys_figures_and_nobody_else_does(string provider)
    {
        await using var rig = await OaiHarvestRig.StartAsync(provider);
        var harvest = await rig.HarvestAsync("2014-10-01");
        Assert.True(harvest.Succeeded);
        await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?> { ["Status:NodeName"] = "node-a" }, rig.Db);
        var admin = await site.SignedInAsync($"admin-{Guid.NewGuid():N}@example.org", UserRole.Admin);
        var reader = await site.SignedInAsync($"reader-{Guid.NewGuid():N}@example.org", UserRole.Reader);

        var page = await AccountsSite.ParseAsync(await WhenNodeRowAsync(admin, "node-a"));

        Assert.Equal(["harvest", "curation", "search", "digest", "mail"], page.QuerySelectorAll("section.status-section").Select(s => s.Id));
        var set = page.QuerySelector("#harvest tbody tr")!.TextContent;
        Assert.Contains("all of arXiv", set, StringComparison.Ordinal);
        Assert.Contains($"{harvest.Progress.Inserted} new", set, StringComparison.Ordinal);
        Assert.Contains("complete", set, StringComparison.Ordinal);
        // The harvested papers wait for vectors, unless the node's embedding job has taken some already.
        var backlog = page.QuerySelector("[data-figure=embedding-backlog]")!.TextContent;
        Assert.InRange(long.Parse(backlog.Split(' ')[0].Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture), 0, harvest.Progress.Inserted);
        var node = page.QuerySelector("tr[data-node='node-a']")!;
        Assert.Contains("(this node)", node.TextContent, StringComparison.Ordinal);
        Assert.EndsWith("changes", node.QuerySelector("[data-figure=lag]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("0", page.QuerySelector("#digest td[data-status=sent]")!.TextContent);
        Assert.Contains("No digest has failed", page.QuerySelector("#mail")!.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/admin/status")).StatusCode);
        var visitor = await site.Client().GetAsync("/admin/status");
        Assert.Equal(HttpStatusCode.Redirect, visitor.StatusCode);
        Assert.Equal("/signin", visitor.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_harvest_section_says_what_this_nodes_schedule_does_an_offline_node_backing_off_with_its_error(string provider)
    {
        // TestApp's arXiv address is a closed port: the harvest, on here, fails as without a network.
        await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?> { ["Harvest:Enabled"] = "true", ["Arxiv:RetryCount"] = "0" });
        var admin = await site.SignedInAsync($"admin-{Guid.NewGuid():N}@example.org", UserRole.Admin);
        var schedule = site.Services.GetRequiredService<HarvestScheduleState>();
        var waited = Stopwatch.StartNew();
        while (schedule.Current.FailuresInARow == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "The harvest did not fail within 30 s.");
            await Task.Delay(50);
        }

        var page = await AccountsSite.ParseAsync(await admin.GetAsync("/admin/status"));

        Assert.Equal("backing off after 1 failed try in a row", page.QuerySelector("[data-figure=harvest-activity]")!.TextContent);
        Assert.Contains("cs.LG, cs.CL, cs.CV, cs.AI, stat.ML", page.QuerySelector("#harvest-schedule")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("never", page.QuerySelector("[data-figure=harvest-last-success]")!.TextContent);
        Assert.Contains("could not reach arXiv OAI", page.QuerySelector("[data-figure=harvest-error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(schedule.Current.NextRunAt!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC",
            page.QuerySelector("[data-figure=harvest-next]")!.TextContent);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_search_section_says_what_the_snapshot_folder_holds_and_whether_a_new_node_could_seed_from_it(string provider)
    {
        var root = Path.Combine(Path.GetTempPath(), "dailypapers-status-snapshots", Guid.NewGuid().ToString("N"));
        try
        {
            var snapshots = Path.Combine(root, "snapshots");
            // A publishing node: its worker waits on the test's clock, which does not move here, so only this test publishes.
            await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?>
            {
                ["Status:NodeName"] = "node-s",
                ["Search:IndexPath"] = Path.Combine(root, "index"),
                ["Search:SnapshotPath"] = snapshots,
                ["Search:SnapshotInterval"] = "01:00:00",
                ["Search:EmbedInBackground"] = "false",
            });
            var admin = await site.SignedInAsync($"admin-{Guid.NewGuid():N}@example.org", UserRole.Admin);
            string Line(AngleSharp.Dom.IDocument page) => page.QuerySelector("[data-figure=index-snapshot]")!.TextContent;

            var empty = await AccountsSite.ParseAsync(await WhenNodeRowAsync(admin, "node-s"));
            Assert.Equal($"none yet in {snapshots}; this node publishes every 1 h", Line(empty));

            var indexes = site.Services.GetRequiredService<SearchIndexes>();
            await Eventually.TrueAsync(() => Task.FromResult(indexes.Ready), TimeSpan.FromSeconds(60));
            var published = await site.Services.GetRequiredService<IndexSnapshotPublisher>().PublishAsync(snapshots, CancellationToken.None);
            Assert.NotNull(published);
            var fresh = await AccountsSite.ParseAsync(await admin.GetAsync("/admin/status"));
            var line = Line(fresh);
            var m = published.Manifest;
            Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{m.Papers:N0} papers, {m.Vectors:N0} vectors, {m.Bytes / 1048576:N0} MB, published "), line, StringComparison.Ordinal);
            Assert.Matches(@"published \d+ s ago by \S+; this node publishes every 1 h$", line);
            Assert.DoesNotContain("cannot", line, StringComparison.Ordinal);
            Assert.Equal("status-ok", fresh.QuerySelector("[data-figure=index-snapshot]")!.ClassName);

            // A snapshot an older version published (keyword layout 4) is named latest: a new node of this version would refuse it.
            var old = published.Manifest with { KeywordLayout = "4", Files = [] };
            var name = IndexSnapshotFolder.Prefix + "20260101-000000-old";
            Directory.CreateDirectory(Path.Combine(snapshots, name));
            IndexSnapshotFolder.WriteManifest(Path.Combine(snapshots, name), old);
            await File.WriteAllTextAsync(Path.Combine(snapshots, IndexSnapshotFolder.Latest), name + "\n");
            var refused = await AccountsSite.ParseAsync(await admin.GetAsync("/admin/status"));
            Assert.EndsWith($"a new node cannot seed from it: it is of keyword index layout 4, not {SearchIndexes.Layout}; this node publishes every 1 h", Line(refused), StringComparison.Ordinal);
            Assert.Equal("status-warn", refused.QuerySelector("[data-figure=index-snapshot]")!.ClassName);

            // A pointer to nothing: said, not thrown.
            await File.WriteAllTextAsync(Path.Combine(snapshots, IndexSnapshotFolder.Latest), "snapshot-gone\n");
            var broken = await AccountsSite.ParseAsync(await admin.GetAsync("/admin/status"));
            Assert.Contains("cannot be read: 'latest' names 'snapshot-gone', which holds no manifest.json", Line(broken), StringComparison.Ordinal);

            // Over twice the interval on the node's clock without a readable snapshot: overdue.
            site.Clock.Advance(TimeSpan.FromHours(3));
            var later = await AccountsSite.ParseAsync(await admin.GetAsync("/admin/status"));
            Assert.EndsWith("this node publishes every 1 h — overdue: nothing published for over 2 h", Line(later), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>The status page once the node's first heartbeat (written right after start) is on it.</summary>
    private static async Task<HttpResponseMessage> WhenNodeRowAsync(HttpClient admin, string node)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var response = await admin.GetAsync("/admin/status");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, "The status page must never be cached.");
            if ((await response.Content.ReadAsStringAsync()).Contains($"data-node=\"{node}\"", StringComparison.Ordinal))
            {
                return response;
            }
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(2), $"No heartbeat of {node} on the status page after 2 minutes.");
            await Task.Delay(100);
        }
    }
}
