using System.Net;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using AngleSharp.Html.Parser;
using DailyPapers.Curation;
using DailyPapers.Feed;
using DailyPapers.Tests.Ingest.Oai;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Feed;

/// <summary>A recorded day of arXiv, harvested by the site's own schedule, on <c>/new</c>, its API and its feed.</summary>
[Collection(NewPapersSiteCollection.Name)]
public sealed class NewPapersTests(NewPapersSiteFixture site)
{
    private static readonly string[] Followed = ["cs.LG", "cs.CL", "cs.CV", "cs.AI", "stat.ML"];

    /// <summary>The recorded papers in any of these categories (a cross-list counts).</summary>
    private static List<(string Id, string Primary, string[] Categories)> In(params string[] categories) =>
        NewPapersSiteFixture.Recorded.Where(r => r.Categories.Any(categories.Contains)).ToList();

    private static async Task<List<string>> IdsAsync(HttpClient client, string url)
    {
        var items = JsonNode.Parse(await client.GetStringAsync(url))!.AsArray();
        return items.Select(i => i!["paper"]!["id"]!.GetValue<string>()).ToList();
    }

    /// <summary>Every item of the day, page by page.</summary>
    private static async Task<List<string>> AllIdsAsync(HttpClient client, string query)
    {
        var all = new List<string>();
        for (var p = 0; ; p++)
        {
            var page = await IdsAsync(client, $"/api/papers/new?{query}&limit=100&p={p}");
            all.AddRange(page);
            if (page.Count < 100)
            {
                return all;
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_latest_day_shows_every_harvested_paper_in_the_followed_categories_page_by_page(string provider)
    {
        var client = await site.Client(provider);
        var arxiv = (await site.For(provider)).Arxiv;

        var html = await client.GetStringAsync("/new");
        var doc = new HtmlParser().ParseDocument(html);

        // The harvest began a week back in set cs, followed the token, then asked set stat.
        var first = OaiReplayServer.Query(arxiv.Requests[0]);
        Assert.Equal(("cs", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), (first["set"], first["from"]));
        Assert.Equal("stat", OaiReplayServer.Query(arxiv.Requests[2])["set"]);
        var expected = In(Followed);
        Assert.Equal(283, expected.Count);
        Assert.Equal("Wednesday, July 1, 2026", doc.QuerySelector(".period-title")!.TextContent);
        Assert.StartsWith("283 papers", doc.QuerySelector(".count")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(50, doc.QuerySelectorAll("ol.cards > li article.card").Length);
        Assert.Equal("Page 1 of 6", doc.QuerySelector(".pager span")!.TextContent);
        Assert.Equal("/new?date=2026-07-01&p=1", doc.QuerySelector(".pager a[rel=next]")!.GetAttribute("href"));
        Assert.Equal("/new?date=2026-06-30", doc.QuerySelector(".period-nav a.prev")!.GetAttribute("href"));
        Assert.Null(doc.QuerySelector(".period-nav a.next"));
        Assert.Equal(Followed.Prepend("All followed"), doc.QuerySelectorAll(".category-chips a.chip").Select(a => a.TextContent));
        Assert.Equal(expected.Select(e => e.Id).Order(StringComparer.Ordinal), (await AllIdsAsync(client, "")).Order(StringComparer.Ordinal));
        Assert.Contains("/new", doc.QuerySelectorAll(".site-nav a").Select(a => a.GetAttribute("href")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_sites_own_harvest_put_twenty_of_the_days_papers_on_its_daily_list_as_the_curator(string provider)
    {
        var services = (await site.For(provider)).App.Services;
        var day = NewPapersSiteFixture.Day;

        var listed = await services.GetRequiredService<DailyListStore>().ListAsync(new ListPeriod(PeriodKind.Day, day, day), DailySort.Rank, 0, 100, DateTime.UtcNow);
        var curated = await services.GetRequiredService<CurationStore>().LatestAsync();

        Assert.Equal(20, listed.Count);
        Assert.All(listed, e => Assert.Equal(CuratorAccount.DisplayName, e.SubmittedBy?.DisplayName));
        Assert.Subset(In(Followed).Select(r => r.Id).ToHashSet(), listed.Select(e => e.Paper.ArxivId).ToHashSet());
        Assert.Equal((day, 20, 283), (curated!.AnnouncedOn, curated.Listed, curated.Candidates));
        // No readers yet when it ran: ranked by followed main category, then the latest submitted.
        Assert.Equal((0, 0), (curated.Readers, curated.Subscriptions));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Community_order_puts_votes_first_then_arxiv_order_and_arxiv_order_puts_cross_lists_last(string provider)
    {
        var client = await site.Client(provider);

        var community = await AllIdsAsync(client, "");
        var arxivOrder = await AllIdsAsync(client, "sort=arxiv");

        var recorded = NewPapersSiteFixture.Recorded.ToDictionary(r => r.Id);
        var expectedArxiv = In(Followed).OrderBy(r => Followed.Contains(r.Primary) ? 0 : 1).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Id).ToList();
        Assert.Equal(expectedArxiv, arxivOrder);
        Assert.Contains(arxivOrder, id => !Followed.Contains(recorded[id].Primary)); // there are cross-lists (cs.GR papers listed in cs.CV)
        Assert.Equal(NewPapersSiteFixture.Voted.Select(v => v.Id), community.Take(2));
        Assert.Equal(expectedArxiv.Except(community.Take(2)), community.Skip(2));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Category_chips_filter_one_several_or_a_whole_archive(string provider)
    {
        var client = await site.Client(provider);

        var cl = await AllIdsAsync(client, "cat=cs.CL");
        var clOrGr = await AllIdsAsync(client, "cat=cs.CL&cat=cs.LG");
        var archive = await AllIdsAsync(client, "cat=cs");
        var doc = new HtmlParser().ParseDocument(await client.GetStringAsync("/new?cat=cs.CL"));

        Assert.Equal(In("cs.CL").Select(r => r.Id).Order(StringComparer.Ordinal), cl.Order(StringComparer.Ordinal));
        Assert.Equal(67, cl.Count);
        Assert.Equal(In("cs.CL", "cs.LG").Count, clOrGr.Count);
        // Only the followed categories were harvested: the whole archive shows the same 283.
        Assert.Equal(283, archive.Count);
        Assert.Equal(NewPapersSiteFixture.Voted.Select(v => v.Id), cl.Take(2));
        // The chip of the category shown takes it away again; another adds itself.
        var chips = doc.QuerySelectorAll(".category-chips a.chip").ToDictionary(a => a.TextContent, a => a);
        Assert.Equal(("true", "/new"), (chips["cs.CL"].GetAttribute("aria-current"), chips["cs.CL"].GetAttribute("href")));
        Assert.Equal("/new?cat=cs.CL&cat=cs.CV", chips["cs.CV"].GetAttribute("href"));
        Assert.StartsWith("67 papers", doc.QuerySelector(".count")!.TextContent, StringComparison.Ordinal);
        // The day before has one cs.CL paper: its own page, and a way back.
        var before = new HtmlParser().ParseDocument(await client.GetStringAsync("/new?date=2026-06-30&cat=cs.CL"));
        Assert.Equal(1, before.QuerySelectorAll("article.card").Length);
        Assert.Equal("/new?date=2026-07-01&cat=cs.CL", before.QuerySelector(".period-nav a.next")!.GetAttribute("href"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_items_have_the_daily_papers_shape_and_bad_parameters_are_400_problems(string provider)
    {
        var client = await site.Client(provider);
        var real = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "daily_papers_2024-10-25_first8.json")))!.AsArray();

        var response = await client.GetAsync("/api/papers/new?date=2026-07-01&cat=cs.CL&limit=5");
        var items = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal(5, items.Count);
        Assert.Equal("community", response.Headers.GetValues("X-DailyPapers-Sort").Single());
        // The shape of a daily-papers item, less submittedBy, which an item on no daily list leaves out (as huggingface.co does).
        var reference = real[0]!.DeepClone().AsObject();
        reference.Remove("submittedBy");
        Assert.All(items, item => DailyPapersApiTests.AssertSameShape(reference, item!, "$"));
        Assert.Equal("2606.31845", items[0]!["paper"]!["id"]!.GetValue<string>());
        Assert.Equal(3, items[0]!["paper"]!["upvotes"]!.GetValue<int>());
        foreach (var (query, key) in new[]
        {
            ("date=2026-13-01", "date"), ("cat=cs.XX", "cat"), ("sort=hot", "sort"), ("p=-1", "p"), ("limit=0", "limit"), ("limit=101", "limit"),
        })
        {
            var bad = await client.GetAsync($"/api/papers/new?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
            using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(key, out _), query);
            Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("error").GetString()));
        }
        var forYou = await client.GetAsync("/api/papers/new?sort=for-you");
        Assert.Equal(HttpStatusCode.Unauthorized, forYou.StatusCode);
        using var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var parameters = openApi.RootElement.GetProperty("paths").GetProperty("/api/papers/new").GetProperty("get").GetProperty("parameters");
        Assert.Equal(["date", "cat", "sort", "p", "limit"], parameters.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_category_and_order_has_an_atom_feed_of_the_latest_day(string provider)
    {
        var client = await site.Client(provider);

        var response = await client.GetAsync("/new.atom?cat=cs.CL&sort=arxiv");
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        var feed = SyndicationFeed.Load(reader);

        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(In("cs.CL").OrderBy(r => r.Primary == "cs.CL" ? 0 : 1).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => $"/papers/{r.Id}"),
            feed.Items.Select(i => new Uri(i.Id).AbsolutePath));
        Assert.Equal("/new?cat=cs.CL&sort=arxiv", new HtmlParser().ParseDocument(await client.GetStringAsync("/new?cat=cs.CL&sort=arxiv"))
            .QuerySelector("link[rel=alternate]")!.GetAttribute("href")!.Replace(".atom", "", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/new.atom?sort=for-you")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/new?cat=nonsense")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task For_you_falls_back_to_the_community_order_and_says_so(string provider)
    {
        var client = await site.Client(provider);

        var doc = new HtmlParser().ParseDocument(await client.GetStringAsync("/new?sort=for-you"));

        Assert.Contains("Sign in", doc.QuerySelector(".for-you-fallback")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2606.31845", doc.QuerySelector("article.card h3 a")!.GetAttribute("href")!.Split('/')[^1]);
        Assert.Equal("page", doc.QuerySelectorAll(".sort-switch a").Single(a => a.TextContent == "For you").GetAttribute("aria-current"));
    }
}
