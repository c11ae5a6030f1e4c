using AngleSharp.Html.Parser;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Search;

[Collection(SearchSiteCollection.Name)]
public sealed class SearchPageTests(SearchSiteFixture site)
{
    private static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_page_has_a_labelled_search_box_in_its_header(string provider)
    {
        var client = await site.Client(provider);
        foreach (var path in new[] { "/", "/search", "/papers/2401.00001" })
        {
            var doc = Parse(await client.GetStringAsync(path));
            var form = doc.QuerySelector("header form[role=search]")!;
            Assert.Equal("/search", form.GetAttribute("action"));
            Assert.Equal("get", form.GetAttribute("method"));
            var input = form.QuerySelector("input[name=q]")!;
            Assert.NotNull(doc.QuerySelector($"label[for={input.Id}]"));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Results_are_cards_with_marked_snippets_authors_date_and_upvotes(string provider)
    {
        var client = await site.Client(provider);

        var doc = Parse(await client.GetStringAsync("/search?q=sourdough+oven"));

        Assert.Equal("1 result", doc.QuerySelector("p.count")!.TextContent.Trim());
        var card = doc.QuerySelector("ol.cards article.card")!;
        Assert.Equal("/papers/2403.00003", card.QuerySelector("h3 a")!.GetAttribute("href"));
        Assert.Equal("The chemistry of sourdough bread", card.QuerySelector("h3")!.TextContent.Trim());
        Assert.Equal(["sourdough"], card.QuerySelectorAll("h3 mark").Select(m => m.TextContent));
        Assert.Contains(card.QuerySelectorAll(".hit-snippet mark"), m => m.TextContent == "oven");
        Assert.Equal("1 author", card.QuerySelector(".authors")!.TextContent.Trim());
        Assert.Equal("2024-03-15", card.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("0", card.QuerySelector(".vote-count")!.TextContent.Trim());
        Assert.Null(doc.QuerySelector(".search-coverage")); // every paper has its vector
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Meaning_finds_papers_that_share_no_word_with_the_query(string provider)
    {
        var client = await site.Client(provider);

        var doc = Parse(await client.GetStringAsync("/search?q=secure+communication+with+light+particles"));

        Assert.Equal("/papers/2402.00002", doc.QuerySelector("ol.cards article.card h3 a")!.GetAttribute("href"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Filters_and_pages_narrow_and_split_the_results(string provider)
    {
        var client = await site.Client(provider);
        static List<string?> Links(AngleSharp.Html.Dom.IHtmlDocument d) => d.QuerySelectorAll("ol.cards h3 a").Select(a => a.GetAttribute("href")).ToList();

        Assert.Equal(["/papers/2405.00005"], Links(Parse(await client.GetStringAsync("/search?q=temperature&cat=physics.geo-ph"))));
        Assert.Equal(["/papers/2405.00005"], Links(Parse(await client.GetStringAsync("/search?q=temperature&from=2025-01-01&to=2025-12-31"))));
        Assert.Equal(["/papers/2404.00004"], Links(Parse(await client.GetStringAsync("/search?q=attention&cat=cs"))));

        var first = Parse(await client.GetStringAsync("/search?q=widget&cat=math.GM"));
        Assert.Equal("24 results, page 1 of 2", first.QuerySelector("p.count")!.TextContent.Trim());
        Assert.Equal(20, Links(first).Count);
        var next = first.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href");
        Assert.Equal("/search?q=widget&cat=math.GM&p=1", next);
        var second = Parse(await client.GetStringAsync(next));
        Assert.Equal(4, Links(second).Count);
        Assert.Equal("21", second.QuerySelector("ol.cards")!.GetAttribute("start"));
        Assert.Empty(Links(first).Intersect(Links(second)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Hostile_text_is_encoded_in_results(string provider)
    {
        var client = await site.Client(provider);

        var html = await client.GetStringAsync("/search?q=zeppelin+ballast");

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        var title = Parse(html).QuerySelector("ol.cards h3")!;
        Assert.Equal(SearchSiteFixture.HostileTitle, title.TextContent.Trim());
        Assert.Equal(["Zeppelin", "ballast"], title.QuerySelectorAll("mark").Select(m => m.TextContent));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Similar_papers_are_the_nearest_others_by_meaning(string provider)
    {
        var client = await site.Client(provider);

        var doc = Parse(await client.GetStringAsync("/papers/2402.00002"));

        var links = doc.QuerySelectorAll("section.similar-papers li a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(5, links.Count);
        Assert.DoesNotContain("/papers/2402.00002", links);
    }
}
