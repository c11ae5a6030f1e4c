using System.Net;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Digest;

/// <summary>
/// Digest links are signed for one purpose and one id by a key of this database: a forged, cut, swapped or
/// foreign link is a 404 on every address and changes nothing.
/// </summary>
public sealed class DigestLinkTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Forged_swapped_and_foreign_links_are_404_and_change_nothing(string provider)
    {
        await using var site = await DigestSite.StartAsync(provider);
        await using var other = await DigestSite.StartAsync(provider);
        var first = await site.SubscribedAsync("first@example.org");
        var second = await site.SubscribedAsync("second@example.org");
        await other.SubscribedAsync("elsewhere@example.org");
        var links = site.Services.GetRequiredService<DigestLinks>();
        var manageFirst = await links.CreateAsync(LinkPurpose.Manage, first);
        var unsubscribeFirst = await links.CreateAsync(LinkPurpose.Unsubscribe, first);
        var mac = manageFirst[(manageFirst.IndexOf('.', StringComparison.Ordinal) + 1)..];

        var forged = new[]
        {
            $"{first}.AAAAAAAAAAAAAAAAAAAAAA", // a made-up signature
            $"{second}.{mac}", // the first's signature on the second's number
            manageFirst[..^2], // cut short
            manageFirst + "x",
            $"{first}", "x.y", ".", new string('9', 30) + "." + mac, // no signature, junk, an id past long
            await other.Services.GetRequiredService<DigestLinks>().CreateAsync(LinkPurpose.Unsubscribe, first), // another site's key
        };
        var client = site.Client();
        foreach (var token in forged)
        {
            var escaped = Uri.EscapeDataString(token);
            foreach (var path in (string[])[$"/digest/manage/{escaped}", $"/unsubscribe/{escaped}", $"/digest/view/{escaped}"])
            {
                Assert.True((await client.GetAsync(path)).StatusCode == HttpStatusCode.NotFound, $"GET {path}");
            }
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/unsubscribe/{escaped}", null)).StatusCode);
        }

        // A real link works only for what it was made for: the manage link neither unsubscribes nor shows a digest,
        // and the unsubscribe link does not open the manage page.
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/unsubscribe/{manageFirst}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/digest/view/{manageFirst}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/digest/manage/{unsubscribeFirst}")).StatusCode);
        var store = site.Services.GetRequiredService<SubscriptionStore>();
        Assert.Equal(SubscriptionStatus.Active, (await store.GetAsync(first))!.Status);
        Assert.Equal(SubscriptionStatus.Active, (await store.GetAsync(second))!.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/digest/manage/{manageFirst}")).StatusCode);
    }
}
