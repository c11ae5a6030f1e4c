using Dapper;
using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Search.Sync;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

/// <summary>Pages of results and result cards kept in memory are served only while they are still exactly right.</summary>
public sealed class SearchCacheTests : SearchIndexFolder
{
    private async Task<ServiceProvider> IndexedAsync(TestDatabase db)
    {
        var services = Services(db);
        foreach (var p in SearchTestPapers.All)
        {
            await services.GetRequiredService<PaperStore>().UpsertAsync(p);
        }
        await services.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);
        return services;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_repeated_search_is_answered_from_memory_until_the_keyword_index_or_a_vector_changes(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = await IndexedAsync(db);
        var search = services.GetRequiredService<SearchService>();
        var request = new SearchRequest { Query = "sourdough crackers" };

        var first = search.Search(request);
        Assert.Same(first, search.Search(request with { }));
        Assert.Equal([SearchTestPapers.Bread.ArxivId], first.Hits.Select(h => h.ArxivId));

        // A paper that matches better arrives: the index commits, and the page kept before is not served again.
        await services.GetRequiredService<PaperStore>().UpsertAsync(
            SearchTestPapers.Make("2406.00006", "Sourdough crackers", "Crackers from sourdough discard.", ["Ivy Oven"], ["physics.chem-ph"], DateTime.UtcNow));
        await services.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);
        var second = search.Search(request);
        Assert.Equal(["2406.00006", SearchTestPapers.Bread.ArxivId], second.Hits.Select(h => h.ArxivId));

        // A vector arriving changes what the vector half could find: a new page too.
        var vectors = services.GetRequiredService<SearchIndexes>().Vectors;
        vectors.Upsert(SearchTestPapers.Cats.ArxivId, new float[vectors.Dimensions], 0, [], visible: true);
        Assert.NotSame(second, search.Search(request));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_result_card_kept_in_memory_shows_votes_and_comments_made_after_it_was_loaded(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = await IndexedAsync(db);
        var cards = services.GetRequiredService<SearchResultCards>();
        SearchHit[] hits = [new(SearchTestPapers.Bread.ArxivId, 1, null), new(SearchTestPapers.Cats.ArxivId, 0.5, null)];

        var first = await cards.LoadAsync(hits, CancellationToken.None);
        Assert.Equal([SearchTestPapers.Bread.ArxivId, SearchTestPapers.Cats.ArxivId], first.Select(c => c.Entry.Paper.ArxivId));
        Assert.Equal(0, first[0].Entry.Paper.Upvotes);
        Assert.Same(first[0].Entry, (await cards.LoadAsync(hits, CancellationToken.None))[0].Entry);

        await using (var connection = await db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE papers SET upvotes = 7 WHERE arxiv_id = @id", new { id = SearchTestPapers.Bread.ArxivId });
        }
        var afterVote = await cards.LoadAsync(hits, CancellationToken.None);
        Assert.Equal(7, afterVote[0].Entry.Paper.Upvotes);

        await using (var connection = await db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE papers SET hidden = @hidden WHERE arxiv_id = @id", new { hidden = true, id = SearchTestPapers.Cats.ArxivId });
        }
        Assert.Equal([SearchTestPapers.Bread.ArxivId], (await cards.LoadAsync(hits, CancellationToken.None)).Select(c => c.Entry.Paper.ArxivId));
    }
}
