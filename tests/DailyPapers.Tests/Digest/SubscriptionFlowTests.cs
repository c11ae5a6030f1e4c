using System.Net;
using DailyPapers.Digest;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace DailyPapers.Tests.Digest;

/// <summary>The whole path through a real SMTP receiver: subscribe, confirm, a digest, one-click unsubscribe, silence.</summary>
public sealed class SubscriptionFlowTests
{
    private static readonly DateOnly Tuesday = DigestSite.Monday.AddDays(1);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Subscribe_confirm_receive_a_digest_then_one_click_unsubscribe_and_get_no_more(string provider)
    {
        // The receiver is the maildev process test.sh started (a separate SMTP server), when there is one.
        await using var site = await DigestSite.StartAsync(provider, externalReceiver: true);
        await site.PutOnListAsync(DigestSite.Monday,
            (DigestSite.Paper("2611.00001", "Mean field games for swarms"), 7),
            (DigestSite.Paper("2611.00002", "Sparse attention <script>alert(1)</script> at scale"), 12));
        var email = $"reader-{Guid.NewGuid():N}@example.org"; // unique in a receiver shared by the whole run

        // The footer form: nothing but the confirmation goes out until the link is followed.
        var answer = await site.SubscribeAsync(email);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Check your inbox", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var link = await site.ConfirmationLinkAsync(email);
        var before = await site.RunAsync(DigestFrequency.Daily, Tuesday);
        Assert.Equal(0, before.Send.Sent);
        Assert.Empty(await site.DigestsToAsync(email));

        // Following the link only asks (scanners fetch links); the button confirms.
        var client = site.Client();
        var confirmPage = await client.GetAsync(link);
        Assert.Contains("Confirm your subscription", await confirmPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var store = site.Services.GetRequiredService<SubscriptionStore>();
        Assert.Equal(SubscriptionStatus.Pending, (await store.FindByEmailAsync(email))!.Status);
        Assert.Equal(HttpStatusCode.OK, (await site.ConfirmAsync(email, client)).StatusCode);
        Assert.Equal(SubscriptionStatus.Active, (await store.FindByEmailAsync(email))!.Status);

        var report = await site.RunAsync(DigestFrequency.Daily, Tuesday);
        Assert.Equal(1, report.Send.Sent);
        var digest = Assert.Single(await site.DigestsToAsync(email)).Message;

        // Headers (RFC 8058) and parts.
        var unsubscribe = digest.Headers["List-Unsubscribe"] ?? "";
        Assert.Matches(@"^<https://papers\.example\.test/unsubscribe/[0-9]+\.[A-Za-z0-9_-]+>$", unsubscribe);
        Assert.Equal("List-Unsubscribe=One-Click", digest.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("multipart/alternative", digest.Body?.ContentType.MimeType);
        Assert.Equal(["text/plain", "text/html"], Assert.IsAssignableFrom<Multipart>(digest.Body).Select(p => p.ContentType.MimeType));
        Assert.Contains("trending papers for Tuesday, November 24", digest.Subject, StringComparison.Ordinal);
        var html = digest.HtmlBody ?? "";
        var text = digest.TextBody ?? "";
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("https://papers.example.test/papers/2611.00002", html, StringComparison.Ordinal);
        Assert.Contains("https://papers.example.test/digest/view/", text, StringComparison.Ordinal);
        // Most upvoted first.
        Assert.True(text.IndexOf("Sparse attention", StringComparison.Ordinal) < text.IndexOf("Mean field", StringComparison.Ordinal));

        // The "view in browser" page shows the same papers.
        var view = await client.GetStringAsync(new Uri(System.Text.RegularExpressions.Regex.Match(text, @"https://\S+/digest/view/\S+").Value).PathAndQuery);
        Assert.Contains("Mean field games for swarms", view, StringComparison.Ordinal);

        // A GET of the unsubscribe address (a link scanner) changes nothing.
        var path = new Uri(unsubscribe.Trim('<', '>')).PathAndQuery;
        var scanner = site.Client();
        var get = await scanner.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Contains("Unsubscribe?", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SubscriptionStatus.Active, (await store.FindByEmailAsync(email))!.Status);

        // The mail client's one-click POST: no cookie, no token, and the answer is not a redirect.
        using var fresh = site.Site.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost"),
        });
        var post = await fresh.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("You are unsubscribed", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SubscriptionStatus.Unsubscribed, (await store.FindByEmailAsync(email))!.Status);

        // No more mail: the next day's digest skips the address.
        await site.PutOnListAsync(Tuesday, (DigestSite.Paper("2611.00003", "Another paper", published: Tuesday.ToDateTime(TimeOnly.MinValue)), 3));
        var after = await site.RunAsync(DigestFrequency.Daily, Tuesday.AddDays(1));
        Assert.Equal(0, after.Send.Sent);
        Assert.Single(await site.DigestsToAsync(email));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_input_gets_a_clear_answer_and_a_double_click_makes_one_subscription(string provider)
    {
        await using var site = await DigestSite.StartAsync(provider);
        var client = site.Client();

        var bad = await client.PostAsync("/subscribe", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "not an address" }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Enter an email address", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var tooMany = await site.SubscribeAsync("many@example.org", topics: string.Join(';', Enumerable.Range(1, 11).Select(i => $"topic {i}")));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("At most 10 topics", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // PostgreSQL cannot store U+0000: the topics field says why, on both providers, and nothing is saved.
        var nul = await client.PostAsync("/subscribe", AccountsSite.Multipart(new Dictionary<string, string>
        {
            ["email"] = "nul@example.org", ["frequency"] = "daily", ["topics"] = "mean field\ncat:cs.LG\0",
        }));
        Assert.Contains("contains a control character", await AccountsSite.RefusalAsync(nul, "#topics-error"), StringComparison.Ordinal);
        Assert.Null(await site.Services.GetRequiredService<SubscriptionStore>().FindByEmailAsync("nul@example.org"));

        var badFrequency = await site.SubscribeAsync("often@example.org", frequency: "hourly");
        Assert.Equal(HttpStatusCode.BadRequest, badFrequency.StatusCode);

        // A double click: two confirmations, one subscription; the older link no longer works, the newer does.
        await site.SubscribeAsync("twice@example.org", topics: "mean field");
        var first = await site.ConfirmationLinkAsync("twice@example.org");
        site.Mail.Clear();
        await site.SubscribeAsync("twice@example.org", topics: "mean field");
        var second = await site.ConfirmationLinkAsync("twice@example.org");
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(first)).StatusCode);
        // Pressing "Confirm" twice: the first confirms, the second finds the link used.
        var form = await AccountsSite.GetFormAsync(client, second, "form.account-form");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/subscribe/confirm", new FormUrlEncodedContent(form))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/subscribe/confirm", new FormUrlEncodedContent(form))).StatusCode);
        var store = site.Services.GetRequiredService<SubscriptionStore>();
        var s = await store.FindByEmailAsync("TWICE@example.org");
        Assert.Equal(SubscriptionStatus.Active, s!.Status);
        Assert.Equal(["mean field"], s.Topics);

        // Subscribing a confirmed address again changes nothing and mails its manage link instead.
        site.Mail.Clear();
        await site.SubscribeAsync("twice@example.org", frequency: "weekly");
        var note = await site.Mail.WaitForAsync(m => m.To == "twice@example.org");
        Assert.Contains("already", note.Message.Subject, StringComparison.Ordinal);
        Assert.Contains("/digest/manage/", note.Message.TextBody, StringComparison.Ordinal);
        Assert.Equal(DigestFrequency.Daily, (await store.FindByEmailAsync("twice@example.org"))!.Frequency);

        // Forged or cut links are refused.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/digest/manage/{s.Id}.AAAAAAAAAAAAAAAAAAAAAA")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/unsubscribe/{s.Id}.forged", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/subscribe/confirm?token=nope")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_huge_topics_field_is_refused_by_its_length_before_it_is_parsed(string provider)
    {
        await using var site = await DigestSite.StartAsync(provider);
        // A 3.9 MB form (the framework refuses a value over 4 MB; a huge list of distinct topics) is refused by its length, before parsing,
        // with a message; the refusal page shows the text cut to what the field holds, not the 4 MB back.
        var huge = string.Join(';', Enumerable.Range(0, 400_000).Select(i => $"t{i}"));
        var flood = await site.SubscribeAsync("flood@example.org", topics: huge);
        var floodError = await AccountsSite.RefusalAsync(flood, "#topics-error");
        Assert.Contains($"at most {SubscriptionTopics.MaxInputLength:N0} characters", floodError, StringComparison.Ordinal);
        var floodForm = await AccountsSite.ParseAsync(flood);
        Assert.Equal(SubscriptionTopics.MaxInputLength, floodForm.QuerySelector("textarea#topics")!.TextContent.Length);
        Assert.Null(await site.Services.GetRequiredService<SubscriptionStore>().FindByEmailAsync("flood@example.org"));
        // Within the length but past the cap: the answer names the cap, whatever follows it.
        var pastCap = string.Join('\n', Enumerable.Range(0, 300).Select(i => $"topic {i}")) + "\n" + new string('x', 300);
        Assert.Contains("At most 10 topics", await AccountsSite.RefusalAsync(await site.SubscribeAsync("cap@example.org", topics: pastCap), "#topics-error"),
            StringComparison.Ordinal);
        // Repeats (in any case) count once.
        Assert.True(SubscriptionTopics.TryParse(string.Join(';', Enumerable.Repeat("Mean Field;mean field", 100)), 10, out var once, out _));
        Assert.Equal(["Mean Field"], once);
    }
}
