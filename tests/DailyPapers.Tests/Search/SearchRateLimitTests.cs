using System.Net;
using DailyPapers.Tests.Community;

namespace DailyPapers.Tests.Search;

/// <summary>Every search runs a query embedding, so the page, its feed and the API share a per-client limit.</summary>
public sealed class SearchRateLimitTests
{
    [Fact]
    public async Task Searches_are_limited_per_client_with_429_Retry_After_and_problem_details_on_the_API()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite", new Dictionary<string, string?>
        {
            ["RateLimits:Search:PermitLimit"] = "2",
            ["RateLimits:Search:Window"] = "00:02:00",
            ["Search:EmbedInBackground"] = "false",
        });
        var reader = site.Client("203.0.113.5");

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/search?q=attention")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/search.atom?q=attention")).StatusCode);
        var page = await reader.GetAsync("/search?q=transformers");
        var api = await reader.GetAsync("/api/papers/search?q=transformers");

        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(2), page.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many requests", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(api.Headers.RetryAfter?.Delta);

        // Another client (IPv6 counts per /64), and a signed-in reader behind the same address, have their own budgets.
        Assert.Equal(HttpStatusCode.OK, (await site.Client("2001:db8::5").GetAsync("/search?q=attention")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await site.Client("203.0.113.5").GetAsync("/search?q=attention")).StatusCode);
        var signedIn = site.Client("203.0.113.5");
        await site.SignInAsync(signedIn, "searcher@example.org");
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/search?q=attention")).StatusCode);
    }
}
