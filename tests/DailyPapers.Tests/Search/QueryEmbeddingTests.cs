using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Search.Semantic;
using DailyPapers.Search.Sync;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

/// <summary>A search embeds its query only when the vectors can change what it finds.</summary>
public sealed class QueryEmbeddingTests : SearchIndexFolder
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Words_of_a_title_are_answered_without_embedding_the_query_and_other_words_are_embedded_once(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = Services(db);
        foreach (var p in SearchTestPapers.All)
        {
            await services.GetRequiredService<PaperStore>().UpsertAsync(p);
        }
        await services.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);
        var indexes = services.GetRequiredService<SearchIndexes>();
        var texts = SearchTestPapers.All.Select(p => TextEmbedder.DocumentText(p.Title, p.Abstract)).ToList();
        foreach (var (paper, vector) in SearchTestPapers.All.Zip(indexes.Embedder.EmbedDocuments(texts)))
        {
            indexes.Vectors.Upsert(paper.ArxivId, vector, 0, [], visible: true);
        }
        var search = services.GetRequiredService<SearchService>();

        // Two words of one title: that paper, ranked by the words alone.
        var title = search.Search(new SearchRequest { Query = "sourdough bread" });
        Assert.Equal(SearchTestPapers.Bread.ArxivId, title.Hits[0].ArxivId);
        Assert.Equal(0, indexes.QueryVectors.Computed);

        // Words no title holds together: the vectors take part, and the query is embedded (once: the second page reuses it).
        var topic = search.Search(new SearchRequest { Query = "felines vibration" });
        Assert.Equal(SearchTestPapers.Cats.ArxivId, topic.Hits[0].ArxivId);
        Assert.Equal(1, indexes.QueryVectors.Computed);
        search.Search(new SearchRequest { Query = "felines vibration", Offset = 20 });
        Assert.Equal(1, indexes.QueryVectors.Computed);
    }
}
