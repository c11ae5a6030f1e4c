using System.Text.Json;
using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Search.Snapshots;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

/// <summary>Two web nodes: A publishes its indexes by itself (Search:SnapshotInterval); B, started later with empty folders, seeds from them and searches.</summary>
public sealed class SnapshotWebNodeTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_node_publishes_by_itself_and_a_new_node_seeded_from_it_answers_searches(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var root = SearchSiteFixture.NewIndexFolder();
        await using var clean = new TemporaryFolder(root);
        var snapshots = Path.Combine(root, "snapshots");
        IDictionary<string, string?> Settings(string node)
        {
            var settings = SearchSiteFixture.Settings(Path.Combine(root, node), embed: false);
            settings["Search:SnapshotPath"] = snapshots;
            settings["Search:SnapshotInterval"] = "00:00:01";
            return settings;
        }
        await using (var nodeA = new TestApp(db, Settings("a")))
        {
            await Healthz.WaitAsync(nodeA.CreateClient(), "node A");
            var store = nodeA.Services.GetRequiredService<PaperStore>();
            foreach (var p in SearchTestPapers.All)
            {
                await store.UpsertAsync(p);
            }
            // A's worker publishes every second (a snapshot older than that is replaced) until one has every paper;
            // A then stops, so the snapshot B copies is not replaced and pruned meanwhile.
            await Eventually.TrueAsync(() => Task.FromResult(IndexSnapshotPublisher.Latest(snapshots) is { Papers: 5 }), TimeSpan.FromSeconds(60));
        }

        await using var nodeB = new TestApp(db, Settings("b"));
        var b = nodeB.CreateClient();
        await Healthz.WaitAsync(b, "node B");
        await Eventually.TrueAsync(async () =>
        {
            using var json = JsonDocument.Parse(await b.GetStringAsync("/api/papers/search?q=magma"));
            return json.RootElement.EnumerateArray().Any(i => i.GetProperty("paper").GetProperty("id").GetString() == SearchTestPapers.Volcano.ArxivId);
        }, TimeSpan.FromSeconds(60));
        Assert.True(nodeB.Services.GetRequiredService<SearchIndexes>().Seeded);
    }
}
