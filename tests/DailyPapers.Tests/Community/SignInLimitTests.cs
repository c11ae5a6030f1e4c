using System.Net;

namespace DailyPapers.Tests.Community;

/// <summary>
/// Who the sign-in and subscription limits count: nobody locks someone else out of signing in, IPv6 clients count
/// per /64 network, and subscribing has a budget of its own.
/// </summary>
public sealed class SignInLimitTests
{
    [Fact]
    public async Task Requests_for_someone_elses_address_do_not_lock_its_owner_out()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite");
        var attacker = site.Client("203.0.113.7");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await AccountsSite.RequestLinkAsync(attacker, "victim@example.org")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AccountsSite.RequestLinkAsync(attacker, "victim@example.org")).StatusCode);

        // The owner, on their own connection, still gets a link and signs in with it.
        var owner = site.Client("198.51.100.20");
        site.Mail.Clear();
        var signedIn = await site.SignInAsync(owner, "victim@example.org");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("victim", await AccountsSite.SignedInHandleAsync(owner));
    }

    [Fact]
    public async Task IPv6_clients_of_one_64_network_share_the_per_IP_limit()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite", new Dictionary<string, string?>
        {
            ["RateLimits:SignInPerIp:PermitLimit"] = "2",
        });
        var first = site.Client("2001:db8:1:2::1");
        var sameNetwork = site.Client("2001:db8:1:2:ffff:ffff:ffff:9");
        var otherNetwork = site.Client("2001:db8:1:3::1");

        Assert.Equal(HttpStatusCode.OK, (await AccountsSite.RequestLinkAsync(first, "a@example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AccountsSite.RequestLinkAsync(sameNetwork, "b@example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AccountsSite.RequestLinkAsync(sameNetwork, "c@example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AccountsSite.RequestLinkAsync(otherNetwork, "d@example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AccountsSite.RequestLinkAsync(site.Client("192.0.2.1"), "e@example.org")).StatusCode);
    }

    [Fact]
    public async Task Subscribing_has_its_own_per_IP_budget()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite", new Dictionary<string, string?>
        {
            ["RateLimits:SignInPerIp:PermitLimit"] = "2",
            ["RateLimits:Subscribe:PermitLimit"] = "2",
            ["RateLimits:Subscribe:Window"] = "00:10:00",
        });
        var client = site.Client("203.0.113.9");
        Assert.Equal(HttpStatusCode.OK, (await AccountsSite.RequestLinkAsync(client, "a@example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AccountsSite.RequestLinkAsync(client, "b@example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AccountsSite.RequestLinkAsync(client, "c@example.org")).StatusCode);

        // Sign-in used up its budget; subscribing still has its own, and then runs out of it.
        Assert.Equal(HttpStatusCode.OK, (await SubscribeAsync(client, "s1@example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SubscribeAsync(client, "s2@example.org")).StatusCode);
        var limited = await SubscribeAsync(client, "s3@example.org");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(10), limited.Headers.RetryAfter?.Delta);
    }

    private static Task<HttpResponseMessage> SubscribeAsync(HttpClient client, string email) =>
        client.PostAsync("/subscribe", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["frequency"] = "daily" }));
}
