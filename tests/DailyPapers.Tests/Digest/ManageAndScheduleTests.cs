using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Digest;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Tests.Cli;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Search;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Digest;

public sealed class ManageAndScheduleTests
{
    private static readonly DateOnly Tuesday = DigestSite.Monday.AddDays(1);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_signed_link_in_a_digest_manages_the_subscription_without_signing_in(string provider)
    {
        await using var site = await DigestSite.StartAsync(provider);
        await site.PutOnListAsync(DigestSite.Monday, (DigestSite.Paper("2611.00030", "Sparse attention at scale"), 3));
        // New on arXiv on Monday but on no daily list: only the topic brings it.
        await site.Services.GetRequiredService<DailyPapers.Papers.PaperStore>().UpsertAsync(DigestSite.Paper("2611.00031", "Mean field limits of neural networks"));
        await site.SubscribedAsync("manage@example.org", topics: "mean field");
        await site.RunAsync(DigestFrequency.Daily, Tuesday);
        var digest = Assert.Single(await site.DigestsToAsync("manage@example.org")).Message;
        var text = digest.TextBody ?? "";
        Assert.Contains("== Trending ==\n\n* Sparse attention at scale", text, StringComparison.Ordinal);
        Assert.Contains("== On your topic “mean field” ==\n\n* Mean field limits of neural networks", text, StringComparison.Ordinal);
        var manage = new Uri(Regex.Match(digest.TextBody ?? "", @"https://\S+/digest/manage/\S+").Value).PathAndQuery;

        var client = site.Client();
        async Task<HttpResponseMessage> Act(string action, Dictionary<string, string>? fields = null)
        {
            var page = await AccountsSite.ParseAsync(await client.GetAsync(manage));
            var form = new Dictionary<string, string>(fields ?? [])
            {
                ["__RequestVerificationToken"] = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
                ["action"] = action,
            };
            return await client.PostAsync(manage, new FormUrlEncodedContent(form));
        }

        var store = site.Services.GetRequiredService<SubscriptionStore>();
        Assert.Equal(HttpStatusCode.OK, (await Act("save", new() { ["frequency"] = "weekly", ["topics"] = "cat:cs.LG\ndiffusion" })).StatusCode);
        var s = (await store.FindByEmailAsync("manage@example.org"))!;
        Assert.Equal(DigestFrequency.Weekly, s.Frequency);
        Assert.Equal(["cat:cs.LG", "diffusion"], s.Topics);
        Assert.Equal(HttpStatusCode.BadRequest, (await Act("save", new() { ["frequency"] = "weekly", ["topics"] = new string('x', 300) })).StatusCode);

        // Paused: the weekly digest skips it; resumed: it comes.
        await Act("pause");
        Assert.Equal(SubscriptionStatus.Paused, (await store.FindByEmailAsync("manage@example.org"))!.Status);
        await site.PutOnListAsync(Tuesday, (DigestSite.Paper("2611.00032", "Diffusion for graphs", published: Tuesday.ToDateTime(TimeOnly.MinValue)), 2));
        Assert.Equal(0, (await site.RunAsync(DigestFrequency.Weekly, DigestSite.Monday.AddDays(7))).Send.Sent);
        await Act("resume");
        Assert.Equal(1, (await site.RunAsync(DigestFrequency.Weekly, DigestSite.Monday.AddDays(7))).Send.Sent);

        // Deleted: gone with its history, and the link no longer opens anything.
        var deleted = await Act("delete");
        Assert.Contains("Subscription deleted", await deleted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await store.FindByEmailAsync("manage@example.org"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(manage)).StatusCode);
    }

    [Fact]
    public async Task The_scheduler_sends_the_daily_digest_once_the_send_time_has_passed_in_its_time_zone()
    {
        await using var site = await DigestSite.StartAsync("Sqlite", new Dictionary<string, string?>
        {
            ["Digest:Enabled"] = "true",
            ["Digest:TimeZone"] = "America/New_York",
            ["Digest:SendTime"] = "07:00",
            ["Digest:CheckInterval"] = "00:00:00.200",
        });
        // 06:58 in New York on Tuesday: not yet.
        var before = new DateTimeOffset(2026, 11, 24, 6, 58, 0, TimeSpan.FromHours(-5));
        site.Site.Clock.Advance(before - site.Site.Clock.GetUtcNow());
        await site.PutOnListAsync(DigestSite.Monday, (DigestSite.Paper("2611.00041", "Scheduled paper"), 1));
        await site.SubscribedAsync("early@example.org");
        await Task.Delay(1000);
        Assert.Empty(await site.DigestsToAsync("early@example.org"));

        site.Site.Clock.Advance(TimeSpan.FromMinutes(3));
        var digest = await site.Mail.WaitForAsync(m => m.To == "early@example.org" && m.Message.Headers.Contains("List-Unsubscribe"), TimeSpan.FromSeconds(30));
        Assert.Contains("Scheduled paper", digest.Message.TextBody, StringComparison.Ordinal);
        await Task.Delay(1000);
        Assert.Single(await site.DigestsToAsync("early@example.org"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_digest_verbs_send_preview_and_refuse_bad_usage(string provider)
    {
        await using var site = await DigestSite.StartAsync(provider);
        await site.PutOnListAsync(DigestSite.Monday, (DigestSite.Paper("2611.00051", "A paper sent by the verb"), 2));
        var emails = await site.AddSubscribersAsync(3);
        var folder = Path.Combine(Path.GetTempPath(), "dailypapers-digest-tests", Guid.NewGuid().ToString("N"));
        await using var cleanup = new TemporaryFolder(folder);
        var env = new Dictionary<string, string?>(site.Site.Db.Settings) { ["Search:IndexPath"] = folder, ["Site:BaseUrl"] = DigestSite.BaseUrl };
        foreach (var (k, v) in site.Mail.Settings)
        {
            env[k] = v;
        }

        var preview = await MigrateVerbTests.RunAsync(env, "digest", "preview", "--email", emails[0], "--date", "2026-11-24");
        Assert.True(preview.Exit == 0, preview.Err);
        Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click", preview.Out, StringComparison.Ordinal);
        Assert.Contains("A paper sent by the verb", preview.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(site.Mail.Messages, m => m.Message.Headers.Contains("List-Unsubscribe"));

        var send = await MigrateVerbTests.RunAsync(env, "digest", "send", "--period", "daily", "--date", "2026-11-24");
        Assert.True(send.Exit == 0, send.Err);
        Assert.Contains("sent 3", send.Out, StringComparison.Ordinal);
        Assert.Equal(emails.Order(), site.Mail.Messages.Where(m => m.Message.Headers.Contains("List-Unsubscribe")).Select(m => m.To).Order());
        var again = await MigrateVerbTests.RunAsync(env, "digest", "send", "--period", "daily", "--date", "2026-11-24");
        Assert.Contains("sent 0", again.Out, StringComparison.Ordinal);

        var saturday = await MigrateVerbTests.RunAsync(env, "digest", "send", "--period", "daily", "--date", "2026-11-28");
        Assert.Equal(0, saturday.Exit);
        Assert.Contains("No daily digest", saturday.Out, StringComparison.Ordinal);
        Assert.Equal(2, (await MigrateVerbTests.RunAsync(env, "digest", "send", "--period", "hourly")).Exit);
        Assert.Equal(2, (await MigrateVerbTests.RunAsync(env, "digest", "send", "--period", "daily", "--date", "24/11/2026")).Exit);
        var unknown = await MigrateVerbTests.RunAsync(env, "digest", "preview", "--email", "nobody@example.org");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("no digest subscription", unknown.Err, StringComparison.Ordinal);
    }
}
