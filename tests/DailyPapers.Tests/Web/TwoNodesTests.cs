using AngleSharp.Html.Parser;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Web;

public sealed class TwoNodesTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_nodes_on_one_database_show_the_same_lists_including_fresh_writes(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var nodeA = new TestApp(db);
        await using var nodeB = new TestApp(db);
        var a = nodeA.CreateClient();
        var b = nodeB.CreateClient();
        // Start both: each migrates and offers the demo; only one may load it.
        await Task.WhenAll(Healthz.WaitAsync(a, "node A"), Healthz.WaitAsync(b, "node B"));

        Assert.Equal(await Cards(a), await Cards(b));
        await SafetyTests.SeedHostilePaperAsync(nodeA);

        var fromB = await Cards(b);
        Assert.Equal(35, fromB.Count);
        Assert.Equal(await Cards(a), fromB);
    }

    private static async Task<List<string>> Cards(HttpClient client)
    {
        var doc = new HtmlParser().ParseDocument(await client.GetStringAsync("/papers/date/2025-12-11"));
        return doc.QuerySelectorAll("article.card h3 a").Select(x => x.GetAttribute("href")!).ToList();
    }
}
