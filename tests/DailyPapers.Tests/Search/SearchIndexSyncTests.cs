using Dapper;
using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Search.Sync;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

public sealed class SearchIndexSyncTests : SearchIndexFolder
{
    private static List<string> Find(IServiceProvider services, string query) =>
        services.GetRequiredService<SearchService>().Search(new SearchRequest { Query = query }).Hits.Select(h => h.ArxivId).ToList();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_index_follows_inserts_updates_hiding_and_deletes(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = Services(db);
        var store = services.GetRequiredService<PaperStore>();
        var sync = services.GetRequiredService<SearchIndexSync>();
        foreach (var p in SearchTestPapers.All)
        {
            await store.UpsertAsync(p);
        }

        Assert.Equal(5, await sync.SyncAsync(CancellationToken.None));
        Assert.Equal([SearchTestPapers.Bread.ArxivId], Find(services, "sourdough"));

        await store.UpsertAsync(SearchTestPapers.Bread with { Title = "Rye", Abstract = "Rye crackers.", Versions = [new PaperVersion(2, DateTime.UtcNow)] });
        await using (var connection = await db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE papers SET hidden = @hidden WHERE arxiv_id = @id", new { hidden = true, id = SearchTestPapers.Volcano.ArxivId });
            await connection.ExecuteAsync("DELETE FROM papers WHERE arxiv_id = @id", new { id = SearchTestPapers.Cats.ArxivId });
        }
        await sync.SyncAsync(CancellationToken.None);

        Assert.Empty(Find(services, "sourdough"));
        Assert.Equal([SearchTestPapers.Bread.ArxivId], Find(services, "crackers"));
        Assert.Empty(Find(services, "magma"));
        Assert.Empty(Find(services, "purring"));
        Assert.Equal(3, services.GetRequiredService<SearchIndexes>().Keyword!.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_restarted_node_continues_from_its_cursor_and_a_new_database_rebuilds(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var first = Services(db))
        {
            var store = first.GetRequiredService<PaperStore>();
            await store.UpsertAsync(SearchTestPapers.Cats);
            await store.UpsertAsync(SearchTestPapers.Bread);
            await first.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);
        }

        await using (var again = Services(db))
        {
            await again.GetRequiredService<PaperStore>().UpsertAsync(SearchTestPapers.Quantum);
            var sync = again.GetRequiredService<SearchIndexSync>();
            Assert.Equal(1, await sync.SyncAsync(CancellationToken.None));   // only what changed meanwhile
            Assert.Equal([SearchTestPapers.Quantum.ArxivId], Find(again, "photons"));
            Assert.Equal([SearchTestPapers.Cats.ArxivId], Find(again, "purr"));
        }

        await using var other = await TestDatabase.CreateAsync(provider);
        await using var elsewhere = Services(other);
        await elsewhere.GetRequiredService<PaperStore>().UpsertAsync(SearchTestPapers.Volcano);
        await elsewhere.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);
        Assert.Empty(Find(elsewhere, "purr"));
        Assert.Equal([SearchTestPapers.Volcano.ArxivId], Find(elsewhere, "magma"));
    }
}
