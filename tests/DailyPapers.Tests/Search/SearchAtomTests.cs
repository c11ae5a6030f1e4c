using System.Net;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using AngleSharp.Html.Parser;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Search;

/// <summary><c>/search.atom</c>: a search as a feed, read back by a standard feed parser, and linked from the search page.</summary>
[Collection(SearchSiteCollection.Name)]
public sealed class SearchAtomTests(SearchSiteFixture site)
{
    private static async Task<(HttpResponseMessage Response, SyndicationFeed Feed)> FeedAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        return (response, SyndicationFeed.Load(reader));
    }

    private static List<string> Ids(SyndicationFeed feed) =>
        feed.Items.Select(i => i.Links.First(l => l.RelationshipType is null or "alternate").Uri.AbsolutePath["/papers/".Length..]).ToList();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_feed_holds_what_the_search_finds_with_the_papers_data(string provider)
    {
        var client = await site.Client(provider);

        var (_, feed) = await FeedAsync(client, "/search.atom?q=" + Uri.EscapeDataString("ti:temperature"));

        Assert.Equal(["2405.00005"], Ids(feed)); // the sourdough paper speaks of the oven's temperature only in its abstract
        Assert.Equal("DailyPapers: search “ti:temperature”", feed.Title.Text);
        var volcano = feed.Items.Single();
        Assert.Equal(SearchTestPapers.Volcano.Title, volcano.Title.Text);
        Assert.Equal(SearchTestPapers.Volcano.Abstract, ((TextSyndicationContent)volcano.Content).Text);
        Assert.Equal(["Hal Crater"], volcano.Authors.Select(a => a.Name));
        Assert.Equal(["physics.geo-ph"], volcano.Categories.Select(c => c.Name));
        Assert.Equal(SearchTestPapers.Volcano.PublishedAt, volcano.PublishDate.UtcDateTime);
        Assert.Equal("/search.atom?q=ti%3Atemperature", feed.Links.Single(l => l.RelationshipType == "self").Uri.PathAndQuery);
        Assert.Equal("/search?q=ti%3Atemperature", feed.Links.Single(l => l.RelationshipType is null or "alternate").Uri.PathAndQuery);

        var (_, bread) = await FeedAsync(client, "/search.atom?q=" + Uri.EscapeDataString("\"oven temperature\""));
        Assert.Equal(["2403.00003"], Ids(bread));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Entries_are_newest_paper_first_within_the_filters(string provider)
    {
        var client = await site.Client(provider);

        var (_, feed) = await FeedAsync(client, "/search.atom?q=widget&cat=math.GM");
        var (_, july) = await FeedAsync(client, "/search.atom?q=widget&cat=math.GM&from=2024-07-20&to=2024-07-10"); // swapped, as on the page

        // The 24 widget notes, published 2024-07-01 to 2024-07-24, all of them beyond the first page of the search page.
        Assert.Equal(Enumerable.Range(1, 24).Reverse().Select(i => $"2407.{i:00000}"), Ids(feed));
        Assert.Equal(Enumerable.Range(10, 11).Reverse().Select(i => $"2407.{i:00000}"), Ids(july));
        var (_, physics) = await FeedAsync(client, "/search.atom?q=widget&cat=physics");
        Assert.DoesNotContain(Ids(physics), id => id.StartsWith("2407.", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_search_page_links_its_feed_and_the_link_works(string provider)
    {
        var client = await site.Client(provider);

        var doc = new HtmlParser().ParseDocument(await client.GetStringAsync("/search?q=" + Uri.EscapeDataString("mean field & \"widget\"") + "&cat=math.GM&from=2024-07-01"));

        var alternate = doc.QuerySelector("head link[rel=alternate][type='application/atom+xml']")?.GetAttribute("href");
        Assert.Equal("/search.atom?q=mean%20field%20%26%20%22widget%22&cat=math.GM&from=2024-07-01", alternate);
        var visible = doc.QuerySelector("main a.feed-link")!;
        Assert.Equal("Atom feed for this search", visible.TextContent.Trim());
        Assert.Equal(alternate, visible.GetAttribute("href"));
        var (_, feed) = await FeedAsync(client, alternate!);
        Assert.Equal(24, feed.Items.Count());
        Assert.Equal("DailyPapers: search “mean field & \"widget\"”", feed.Title.Text);

        var tips = new HtmlParser().ParseDocument(await client.GetStringAsync("/search"));
        Assert.Null(tips.QuerySelector("head link[rel=alternate]"));
        Assert.Null(tips.QuerySelector("a.feed-link"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Hostile_and_overlong_queries_give_a_valid_feed(string provider)
    {
        var client = await site.Client(provider);
        var overlong = new string('x', 10_000);
        var splitPair = new string('x', 999) + "😀 zeppelin"; // the cut at 1,000 characters falls inside the emoji

        foreach (var q in new[] { "\"<script>", "zeppelin </feed>]]>", "ballast \u0001\u0008 zeppelin", overlong, splitPair })
        {
            var (_, feed) = await FeedAsync(client, "/search.atom?q=" + Uri.EscapeDataString(q));

            Assert.StartsWith("DailyPapers: search “", feed.Title.Text, StringComparison.Ordinal);
            Assert.True(feed.Title.Text.Length < 200, q[..Math.Min(q.Length, 20)]);
        }
        var (_, hostile) = await FeedAsync(client, "/search.atom?q=zeppelin");
        Assert.Equal(SearchSiteFixture.HostileTitle, hostile.Items.Single().Title.Text); // the hostile title is data, carried as text

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/search?q=" + overlong));
        Assert.Equal("/search.atom?q=" + new string('x', 1000), page.QuerySelector("head link[rel=alternate]")?.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/search?q=" + Uri.EscapeDataString(splitPair))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Nothing_to_search_for_or_bad_filters_get_problem_details(string provider)
    {
        var client = await site.Client(provider);

        foreach (var (query, field) in new[]
        {
            ("", "q"), ("?q=", "q"), ("?q=%20%20", "q"), ("?q=!!!", "q"), ("?q=bread&cat=%3Cscript%3E", "cat"), ("?q=bread&from=yesterday", "from"), ("?q=bread&to=2024-13-01", "to"),
        })
        {
            var response = await client.GetAsync("/search.atom" + query);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(body.RootElement.GetProperty("errors").TryGetProperty(field, out _), query);
        }
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/search?q=!!!"));
        Assert.Null(page.QuerySelector("head link[rel=alternate]")); // the page never links a feed that would be refused
    }
}
