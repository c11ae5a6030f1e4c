using System.ServiceModel.Syndication;
using System.Xml;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Votes;
using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Feed;

/// <summary><c>/trending.atom</c>: the papers of <c>/trending</c>, in its order, read back by a standard feed parser.</summary>
public sealed class TrendingAtomTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_feed_holds_the_trending_papers_in_trending_order_and_the_page_links_it(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var papers = site.Services.GetRequiredService<PaperStore>();
        await papers.UpsertAsync(PaperStoreTests.Sample("2401.00041", title: "Nobody voted"));
        await papers.UpsertAsync(PaperStoreTests.Sample("2401.00042", title: "Voted for now"));
        await papers.UpsertAsync(PaperStoreTests.Sample("2401.00043", title: "Listed long ago"));
        var now = site.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        await using (var connection = await site.Db.Database.OpenAsync())
        await using (var tx = await site.Db.Database.BeginWriteAsync(connection))
        {
            // The unvoted paper went on the list first: without votes it would rank first (ties go to the earlier submission).
            await DailyListStore.AddAsync(connection, tx, "2401.00041", today, now.AddHours(-3), null);
            await DailyListStore.AddAsync(connection, tx, "2401.00042", today, now.AddHours(-2), null);
            await DailyListStore.AddAsync(connection, tx, "2401.00043", today.AddDays(-FeedEndpoints.TrendingDays - 3), now.AddDays(-FeedEndpoints.TrendingDays - 3), null);
            await tx.CommitAsync();
        }
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var votes = site.Services.GetRequiredService<VoteStore>();
        await votes.SetAsync((await accounts.GetOrCreateByEmailAsync("fan@example.org")).Account.Id, "2401.00042", up: true);
        await votes.SetAsync((await accounts.GetOrCreateByEmailAsync("old@example.org")).Account.Id, "2401.00043", up: true);
        var client = site.Client();

        var response = await client.GetAsync("/trending.atom");
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        var feed = SyndicationFeed.Load(reader);

        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("DailyPapers: trending papers", feed.Title.Text);
        Assert.Equal(["Voted for now", "Nobody voted"], feed.Items.Select(i => i.Title.Text));
        Assert.EndsWith("/papers/2401.00042", feed.Items.First().Links.First(l => l.RelationshipType is null or "alternate").Uri.ToString(), StringComparison.Ordinal);
        Assert.Equal(4, feed.Items.First().Authors.Count);
        Assert.EndsWith("/trending.atom", feed.Links.Single(l => l.RelationshipType == "self").Uri.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("/trending", feed.Links.Single(l => l.RelationshipType is null or "alternate").Uri.ToString(), StringComparison.Ordinal);
        var page = await AccountsSite.ParseAsync(await client.GetAsync("/trending"));
        Assert.Equal(
            feed.Items.Select(i => i.Title.Text),
            page.QuerySelectorAll("ol.trending-list .card-title").Select(t => t.TextContent.Trim()));

        Assert.Equal("/trending.atom", page.QuerySelector("head link[rel=alternate][type='application/atom+xml']")?.GetAttribute("href"));
        Assert.Equal("/trending.atom", page.QuerySelector("main a.feed-link")?.GetAttribute("href"));
        Assert.Equal("Atom feed", page.QuerySelector("main a.feed-link")?.TextContent.Trim());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_feed_moves_with_the_clock_like_the_page(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        await site.PutOnTodaysListAsync(PaperStoreTests.Sample("2401.00051", title: "This week's paper"));
        var client = site.Client();
        static async Task<List<string>> TitlesAsync(HttpClient c)
        {
            using var reader = XmlReader.Create(await c.GetStreamAsync("/trending.atom"));
            return SyndicationFeed.Load(reader).Items.Select(i => i.Title.Text).ToList();
        }

        Assert.Equal(["This week's paper"], await TitlesAsync(client));
        site.Clock.Advance(TimeSpan.FromDays(FeedEndpoints.TrendingDays + 1));
        Assert.Empty(await TitlesAsync(client)); // nothing was written: a feed cached by content version would still hold it
    }
}
