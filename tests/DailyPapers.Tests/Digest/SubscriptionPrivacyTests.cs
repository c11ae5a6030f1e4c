using System.Net;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Digest;

/// <summary>The subscribe form tells a visitor nothing about who is subscribed: every address gets the same answer.</summary>
public sealed class SubscriptionPrivacyTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Confirmed_pending_and_unknown_addresses_get_the_same_answer(string provider)
    {
        await using var site = await DigestSite.StartAsync(provider);
        await site.SubscribedAsync("confirmed@example.org");
        Assert.Equal(HttpStatusCode.OK, (await site.SubscribeAsync("pending@example.org")).StatusCode);

        var answers = new List<(HttpStatusCode Status, string Text)>();
        foreach (var email in new[] { "confirmed@example.org", "pending@example.org", "unknown@example.org" })
        {
            var response = await site.SubscribeAsync(email);
            var main = (await AccountsSite.ParseAsync(response)).QuerySelector("main")!.TextContent;
            answers.Add((response.StatusCode, main.Replace(email, "ADDRESS", StringComparison.Ordinal)));
        }

        Assert.Equal(HttpStatusCode.OK, answers[0].Status);
        Assert.Single(answers.Distinct());
    }
}
