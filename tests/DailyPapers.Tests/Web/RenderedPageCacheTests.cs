using System.Net;
using DailyPapers.Search.Sync;
using DailyPapers.Tests.Support;
using DailyPapers.Web;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

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

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_request_with_a_hostile_host_never_reaches_later_readers(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        // AllowedHosts=* lets the hostile Host past host filtering, to show the cache does not depend on it.
        await using var app = new TestApp(db, new Dictionary<string, string?> { ["AllowedHosts"] = "*" });
        var evil = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://evil.example") });
        var reader = app.CreateClient();
        string[] paths = ["/papers/date/2025-12-11.atom", "/api/daily_papers?date=2025-12-11", "/papers/2310.06110.md"];

        foreach (var path in paths)
        {
            Assert.Equal(HttpStatusCode.OK, (await evil.GetAsync(path)).StatusCode);
        }
        foreach (var path in paths)
        {
            var body = await reader.GetStringAsync(path);
            Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
            Assert.Contains(SiteOptions.DefaultUrl, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Junk_query_strings_and_spellings_do_not_fill_the_cache()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false);
        await using var app = new TestApp(db);
        var client = app.CreateClient();
        var cache = app.Services.GetRequiredService<RenderedPageCache>();
        // A paper page is kept only once the node's search index is ready (its "Similar papers" would be incomplete).
        await app.Services.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);
        var home = await client.GetAsync("/");
        await client.GetAsync("/papers/date/2025-12-11");
        await client.GetAsync("/papers/2310.06110");
        Assert.Equal(3, cache.Count);

        for (var i = 0; i < 1000; i++)
        {
            var junk = await client.GetAsync($"/?junk={i}");
            Assert.Equal(HttpStatusCode.OK, junk.StatusCode);
            Assert.Equal(home.Headers.ETag, junk.Headers.ETag);
        }
        foreach (var spelling in new[]
                 {
                     "/?p=1", "/papers/date/2025-12-11?p=00", "/papers/date/2025-12-11?p=0&p=0", "/papers/date/2025-12-11?P=0",
                     "/papers/date/2025-12-11?p=0&utm_source=x", "/PAPERS/date/2025-12-11", "/papers/date/2025-12-11/",
                     "/papers/2310.06110v2", "/papers/arXiv:2310.06110", "/api/papers/2310.06110v1",
                     "/api/daily_papers?date=2025-12-11&submitter=x", "/api/daily_papers?limit=010",
                 })
        {
            Assert.True((int)(await client.GetAsync(spelling)).StatusCode < 500, spelling);
        }

        Assert.Equal(3, cache.Count);
        // The parameters a page reads are still cached, in their plain spelling.
        await client.GetAsync("/papers/date/2025-12-11?p=0");
        await client.GetAsync("/api/daily_papers?date=2025-12-11&limit=10");
        Assert.Equal(5, cache.Count);
    }
}
