using System.Net;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Digest;

/// <summary>
/// The confirmation mails to one address are limited per address and client (<c>Digest:SubscribePermitLimit</c>): requests
/// for someone's address from elsewhere use up only that client's share, never the owner's.
/// </summary>
public sealed class SubscribeLimitTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Requests_for_someone_elses_address_do_not_stop_its_owner_subscribing(string provider)
    {
        await using var site = await DigestSite.StartAsync(provider);
        var attacker = site.Client("203.0.113.7");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await site.SubscribeAsync("victim@example.org", client: attacker)).StatusCode);
        }
        var refused = await site.SubscribeAsync("victim@example.org", client: attacker);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(5, site.Mail.Messages.Count(m => m.To == "victim@example.org"));

        // The owner, on their own connection, gets a confirmation mail and subscribes with it.
        site.Mail.Clear();
        var owner = site.Client("198.51.100.20");
        Assert.Equal(HttpStatusCode.OK, (await site.SubscribeAsync("victim@example.org", frequency: "weekly", client: owner)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await site.ConfirmAsync("victim@example.org", owner)).StatusCode);

        var subscription = await site.Services.GetRequiredService<SubscriptionStore>().FindByEmailAsync("victim@example.org");
        Assert.Equal(SubscriptionStatus.Active, subscription!.Status);
        Assert.Equal(DailyPapers.Digest.DigestFrequency.Weekly, subscription.Frequency);
    }

    [Fact]
    public async Task One_client_still_sends_one_address_at_most_the_limit_whatever_address_it_comes_from_in_its_64()
    {
        await using var site = await DigestSite.StartAsync("Sqlite", new Dictionary<string, string?> { ["Digest:SubscribePermitLimit"] = "2" });

        Assert.Equal(HttpStatusCode.OK, (await site.SubscribeAsync("someone@example.org", client: site.Client("2001:db8:7:7::1"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await site.SubscribeAsync("SOMEONE@example.org", client: site.Client("2001:db8:7:7::2"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await site.SubscribeAsync("someone@example.org", client: site.Client("2001:db8:7:7::3"))).StatusCode);

        Assert.Equal(2, site.Mail.Messages.Count(m => m.To.Equals("someone@example.org", StringComparison.OrdinalIgnoreCase)));
    }
}
