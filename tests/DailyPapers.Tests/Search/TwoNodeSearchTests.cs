using System.Net;
using System.Text.Json;
using DailyPapers.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

public sealed class TwoNodeSearchTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_paper_added_through_one_node_is_found_through_the_other(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var folderA = SearchSiteFixture.NewIndexFolder();
        var folderB = SearchSiteFixture.NewIndexFolder();
        await using var cleanA = new TemporaryFolder(folderA);
        await using var cleanB = new TemporaryFolder(folderB);
        await using var nodeA = new TestApp(db, SearchSiteFixture.Settings(folderA, embed: false));
        await using var nodeB = new TestApp(db, SearchSiteFixture.Settings(folderB, embed: false));
        var a = nodeA.CreateClient();
        var b = nodeB.CreateClient();
        await Task.WhenAll(Healthz.WaitAsync(a, "node A"), Healthz.WaitAsync(b, "node B"));

        await nodeA.Services.GetRequiredService<PaperStore>().UpsertAsync(SearchTestPapers.Volcano);

        await Eventually.TrueAsync(async () =>
        {
            using var json = JsonDocument.Parse(await b.GetStringAsync("/api/papers/search?q=magma"));
            return json.RootElement.EnumerateArray().Any(i => i.GetProperty("paper").GetProperty("id").GetString() == SearchTestPapers.Volcano.ArxivId);
        }, TimeSpan.FromSeconds(60));
        Assert.NotEqual(folderA, folderB); // each node keeps its own index
        Assert.True(Directory.Exists(folderB));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_vectors_the_site_searches_by_words_and_says_how_far_meaning_reaches(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var folder = SearchSiteFixture.NewIndexFolder();
        await using var clean = new TemporaryFolder(folder);
        await using var app = new TestApp(db, SearchSiteFixture.Settings(folder, embed: false));
        var client = app.CreateClient();
        await Healthz.WaitAsync(client, "the node");
        var store = app.Services.GetRequiredService<PaperStore>();
        foreach (var p in SearchTestPapers.All)
        {
            await store.UpsertAsync(p);
        }

        string html = "";
        // Until every paper is indexed the page may show fewer; no embeddings run, so coverage stays 0.
        await Eventually.TrueAsync(async () => (html = await client.GetStringAsync("/search?q=sourdough")).Contains("of 5 papers", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.Contains("Semantic results cover 0 of 5 papers", html, StringComparison.Ordinal);
        Assert.Contains("1 result", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Similar papers", await client.GetStringAsync("/papers/2403.00003"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task While_a_node_is_still_catching_up_its_paper_pages_are_served_without_waiting_and_not_kept(string provider)
    {
        await using var node = await ManualSyncNode.StartAsync(provider);
        var (app, client, sync, indexes) = (node.App, node.Client, node.Sync, node.Indexes);
        await sync.SyncAsync(CancellationToken.None);
        var page = $"/papers/{SearchTestPapers.Volcano.ArxivId}";

        indexes.Ready = false; // as during the start-up catch-up of a large catalogue
        await app.Services.GetRequiredService<PaperStore>().UpsertAsync(SearchTestPapers.Volcano);
        var catchingUp = await client.GetAsync(page);
        var again = await client.GetAsync(page);
        await sync.SyncAsync(CancellationToken.None);
        var ready = await client.GetAsync(page);
        var cached = await client.GetAsync(page);

        Assert.Equal(HttpStatusCode.OK, catchingUp.StatusCode);
        Assert.Contains(SearchTestPapers.Volcano.Title, await catchingUp.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(catchingUp.Headers.ETag);
        Assert.Null(again.Headers.ETag);
        Assert.True(indexes.Ready);
        Assert.NotNull(ready.Headers.ETag);
        Assert.Equal(ready.Headers.ETag, cached.Headers.ETag);
    }
}
