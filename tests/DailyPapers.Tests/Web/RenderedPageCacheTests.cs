using System.Net;
using System.Net.Http.Headers;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Web;

public sealed class RenderedPageCacheTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pages_carry_an_etag_that_changes_when_the_content_changes(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var app = new TestApp(db);
        var client = app.CreateClient();

        var first = await client.GetAsync("/papers/date/2025-12-11");
        var again = await client.GetAsync("/papers/date/2025-12-11");
        var etag = first.Headers.ETag!;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/papers/date/2025-12-11");
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(conditional);

        Assert.Equal(etag, again.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        await SafetyTests.SeedHostilePaperAsync(app);
        var changed = await client.GetAsync("/papers/date/2025-12-11");
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/papers/date/2025-12-11");
        stale.Headers.IfNoneMatch.Add(etag);

        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Contains("2501.00001", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task Trending_orders_are_not_cached_because_they_decay_with_the_clock()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false);
        await using var app = new TestApp(db);
        var client = app.CreateClient();

        var ranked = await client.GetAsync("/api/daily_papers?date=2025-12-11");
        var trending = await client.GetAsync("/api/daily_papers?date=2025-12-11&sort=trending");

        Assert.NotNull(ranked.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, trending.StatusCode);
        Assert.Null(trending.Headers.ETag);
    }

    [Fact]
    public async Task Not_found_pages_are_not_cached_or_tagged()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false);
        await using var app = new TestApp(db);
        var client = app.CreateClient();

        var missing = await client.GetAsync("/papers/2501.99999");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Null(missing.Headers.ETag);
    }
}
