using System.Net;
using DailyPapers.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

/// <summary>
/// The search page is kept rendered per query while the database's content version and this node's index state
/// stand: a popular query costs what a daily page costs, and a kept page is always the page a search would render now.
/// </summary>
public sealed class SearchPageCacheTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_kept_search_page_follows_the_database_and_the_index_that_lags_behind_it(string provider)
    {
        await using var node = await ManualSyncNode.StartAsync(provider);
        var (client, sync, indexes) = (node.Client, node.Sync, node.Indexes);
        var store = node.App.Services.GetRequiredService<PaperStore>();
        await store.UpsertAsync(SearchTestPapers.Bread);
        await sync.SyncAsync(CancellationToken.None);
        const string page = "/search?q=magma+volcano"; // as a browser's form sends it

        var before = await client.GetAsync(page);
        var again = await client.GetAsync(page);
        var linkSpelling = await client.GetAsync("/search?q=magma%20volcano");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.NotNull(before.Headers.ETag);
        Assert.Equal(before.Headers.ETag, again.Headers.ETag);
        Assert.Equal(before.Headers.ETag, linkSpelling.Headers.ETag);
        Assert.Equal(await before.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.DoesNotContain(SearchTestPapers.Volcano.ArxivId, await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The database moves on; the index follows only when it syncs.
        await store.UpsertAsync(SearchTestPapers.Volcano);
        var databaseMoved = await client.GetAsync(page);
        await sync.SyncAsync(CancellationToken.None);
        var indexMoved = await client.GetAsync(page);
        var kept = await client.GetAsync(page);

        Assert.NotEqual(before.Headers.ETag, databaseMoved.Headers.ETag);
        Assert.NotEqual(databaseMoved.Headers.ETag, indexMoved.Headers.ETag);
        Assert.Contains(SearchTestPapers.Volcano.ArxivId, await indexMoved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(indexMoved.Headers.ETag, kept.Headers.ETag);

        // The index alone changing (here: no longer ready, as while a node rebuilds it) is a new state too.
        indexes.Ready = false;
        var building = await client.GetAsync(page);
        indexes.Ready = true;

        Assert.NotEqual(kept.Headers.ETag, building.Headers.ETag);
        Assert.Contains("still building its search index", await building.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_search_forms_spellings_are_kept_and_junk_is_answered_from_them()
    {
        await using var node = await ManualSyncNode.StartAsync("Sqlite");
        var client = node.Client;
        await node.App.Services.GetRequiredService<PaperStore>().UpsertAsync(SearchTestPapers.Bread);
        await node.Sync.SyncAsync(CancellationToken.None);

        var headerForm = await client.GetAsync("/search?q=sourdough+bread");
        var pageForm = await client.GetAsync("/search?q=sourdough+bread&cat=&from=&to=");
        var pageFormAgain = await client.GetAsync("/search?q=sourdough+bread&cat=&from=&to=");
        var junk = await client.GetAsync("/search?q=sourdough+bread&junk=1");

        Assert.NotNull(headerForm.Headers.ETag);
        Assert.NotNull(pageForm.Headers.ETag);
        Assert.Equal(pageForm.Headers.ETag, pageFormAgain.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, junk.StatusCode);
        Assert.Equal(headerForm.Headers.ETag, junk.Headers.ETag); // the parameters the page does not read are not part of it
        Assert.Contains(SearchTestPapers.Bread.ArxivId, await junk.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
