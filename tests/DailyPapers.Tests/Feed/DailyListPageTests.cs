using System.Globalization;
using AngleSharp.Html.Parser;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Feed;

[Collection(DemoSiteCollection.Name)]
public sealed class DailyListPageTests(DemoSiteFixture site)
{
    private static readonly HtmlParser Parser = new();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Home_shows_the_latest_list_with_34_cards_ranked_by_upvotes(string provider)
    {
        var client = await site.Client(provider);

        var response = await client.GetAsync("/");
        var doc = Parser.ParseDocument(await response.Content.ReadAsStringAsync());

        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var cards = doc.QuerySelectorAll("article.card");
        Assert.Equal(34, cards.Length);
        var votes = cards.Select(c => int.Parse(c.QuerySelector(".vote-count")!.TextContent, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(votes.OrderByDescending(v => v), votes);
        Assert.Equal([3, 2, 0], votes.Take(3));
        // Equal votes keep the reference page's order: its first paper leads the zero-vote papers.
        Assert.Equal("/papers/2503.08674", cards[0].QuerySelector("h3 a")!.GetAttribute("href"));
        Assert.Equal("/papers/2310.06110", cards[2].QuerySelector("h3 a")!.GetAttribute("href"));
        Assert.Equal("4 authors", cards[2].QuerySelector(".authors")!.TextContent);
        Assert.Equal("Oct 9, 2023", cards[2].QuerySelector("time")!.TextContent);
        Assert.Contains("Dec 11", doc.QuerySelector(".period-date")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(doc.QuerySelector("main"));
        Assert.NotNull(doc.QuerySelector("header"));
        Assert.NotNull(doc.QuerySelector("nav[aria-label]"));
        Assert.NotNull(doc.QuerySelector("label[for=date-input]"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Day_week_and_month_pages_show_the_list_with_previous_and_next_links(string provider)
    {
        var client = await site.Client(provider);

        foreach (var (path, prev, next) in new[]
        {
            ("/papers/date/2025-12-11", "/papers/date/2025-12-10", "/papers/date/2025-12-12"),
            ("/papers/week/2025-W50", "/papers/week/2025-W49", "/papers/week/2025-W51"),
            ("/papers/month/2025-12", "/papers/month/2025-11", "/papers/month/2026-01"),
        })
        {
            var doc = Parser.ParseDocument(await client.GetStringAsync(path));
            Assert.Equal(34, doc.QuerySelectorAll("article.card").Length);
            Assert.Equal(prev, doc.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
            Assert.Equal(next, doc.QuerySelector("a[rel=next]")!.GetAttribute("href"));
            Assert.NotNull(doc.QuerySelector("link[rel=alternate][type='application/atom+xml']"));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_empty_day_says_so_and_points_to_the_nearest_day_with_papers(string provider)
    {
        var client = await site.Client(provider);

        var response = await client.GetAsync("/papers/date/2025-12-12");
        var doc = Parser.ParseDocument(await response.Content.ReadAsStringAsync());

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(doc.QuerySelectorAll("article.card"));
        Assert.Contains("No papers", doc.QuerySelector(".empty")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/papers/date/2025-12-11", doc.QuerySelector(".empty a")!.GetAttribute("href"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_date_picker_redirects_and_bad_periods_get_a_404_page(string provider)
    {
        var app = await site.For(provider);
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var picked = await client.GetAsync("/papers/date?date=2025-12-11");
        Assert.Equal("/papers/date/2025-12-11", picked.Headers.Location?.ToString());

        // Past the last year a list can have (its next-day and month links would overflow DateOnly), and before arXiv.
        var outOfRange = new[]
        {
            "/papers/date/9999-12-01", "/papers/date/9999-12-26", "/papers/date/9999-12-31", "/papers/date/9999-12-31.atom",
            "/papers/week/9999-W52", "/papers/week/9999-W52.atom", "/papers/month/9999-12", "/papers/month/9999-12.atom",
            "/papers/date/1990-12-31", "/papers/date/0001-01-01", "/papers/date?date=9999-12-31",
        };
        foreach (var bad in new[] { "/papers/date/2025-13-45", "/papers/week/2025-W60", "/papers/month/2025-00", "/papers/date/yesterday", "/no/such/page" }.Concat(outOfRange))
        {
            var response = await client.GetAsync(bad);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.NotFound, $"{bad}: {response.StatusCode}");
            Assert.Contains("<main", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The last day, week and month there can be are pages like any other (their "next" links lead to a 404).
        foreach (var last in new[] { "/papers/date/9998-12-31", "/papers/week/9998-W52", "/papers/month/9998-12", "/papers/date/9998-12-31.atom" })
        {
            var response = await client.GetAsync(last);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{last}: {response.StatusCode}");
        }
    }
}
