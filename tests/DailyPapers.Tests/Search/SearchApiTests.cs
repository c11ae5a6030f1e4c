using System.Text.Json;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Search;

[Collection(SearchSiteCollection.Name)]
public sealed class SearchApiTests(SearchSiteFixture site)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Items_are_shaped_like_daily_papers_items(string provider)
    {
        var client = await site.Client(provider);

        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/papers/search?q=bread+temperature&limit=2"));

        var items = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var bread = items[0];
        Assert.Equal("2403.00003", bread.GetProperty("paper").GetProperty("id").GetString());
        Assert.Equal("The chemistry of sourdough bread", bread.GetProperty("title").GetString());
        Assert.Equal(SearchTestPapers.Bread.Abstract, bread.GetProperty("summary").GetString());
        Assert.Equal("2024-03-16T08:00:00.000Z", bread.GetProperty("paper").GetProperty("submittedOnDailyAt").GetString()); // on a daily list
        Assert.Equal("Eve Baker", bread.GetProperty("paper").GetProperty("authors")[0].GetProperty("name").GetString());
        foreach (var field in new[] { "publishedAt", "thumbnail", "numComments", "isAuthorParticipating" })
        {
            Assert.True(bread.TryGetProperty(field, out _), field);
        }
        var volcano = items[1];
        Assert.Equal("2405.00005", volcano.GetProperty("paper").GetProperty("id").GetString());
        Assert.False(volcano.GetProperty("paper").TryGetProperty("submittedOnDailyAt", out _)); // on no list: left out, as Hugging Face does
        Assert.False(volcano.TryGetProperty("submittedBy", out _));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_endpoint_is_in_the_openapi_document(string provider)
    {
        var client = await site.Client(provider);

        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var get = doc.RootElement.GetProperty("paths").GetProperty("/api/papers/search").GetProperty("get");
        Assert.Equal("SearchPapers", get.GetProperty("operationId").GetString());
        Assert.Equal(["q", "limit"], get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.True(get.GetProperty("responses").TryGetProperty("400", out _));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_author_is_found_by_initial_and_surname(string provider)
    {
        var client = await site.Client(provider);

        // Only an index that holds the initials of names matches the phrase: the query's "c" is no word of the paper.
        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/papers/search?q=" + Uri.EscapeDataString("au:\"c muller\"")));

        Assert.Equal(["2402.00002"], json.RootElement.EnumerateArray().Select(i => i.GetProperty("paper").GetProperty("id").GetString()));
    }
}
