using System.ServiceModel.Syndication;
using System.Xml;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Feed;

[Collection(DemoSiteCollection.Name)]
public sealed class DailyListAtomTests(DemoSiteFixture site)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_standard_feed_parser_reads_the_daily_list_back(string provider)
    {
        var client = await site.Client(provider);

        var response = await client.GetAsync("/papers/date/2025-12-11.atom");
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        var feed = SyndicationFeed.Load(reader);

        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(34, feed.Items.Count());
        var first = feed.Items.First();
        Assert.Equal("Understanding and Mitigating Distribution Shifts For Machine Learning Force Fields", first.Title.Text);
        Assert.Equal(2, first.Authors.Count);
        Assert.EndsWith("/papers/2503.08674", first.Links.First(l => l.RelationshipType is null or "alternate").Uri.ToString(), StringComparison.Ordinal);
        Assert.Contains(feed.Links, l => l.RelationshipType == "self");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Week_month_and_empty_day_feeds_are_valid_too(string provider)
    {
        var client = await site.Client(provider);

        foreach (var (path, count) in new[] { ("/papers/week/2025-W50.atom", 34), ("/papers/month/2025-12.atom", 34), ("/papers/date/2025-12-12.atom", 0) })
        {
            using var reader = XmlReader.Create(await client.GetStreamAsync(path));
            Assert.Equal(count, SyndicationFeed.Load(reader).Items.Count());
        }
    }
}
