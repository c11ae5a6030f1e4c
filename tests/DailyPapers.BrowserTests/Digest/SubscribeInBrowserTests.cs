using System.Text.RegularExpressions;
using DailyPapers.BrowserTests.Support;
using DailyPapers.Digest;
using DailyPapers.Digest.Delivery;
using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Search.Sync;
using DailyPapers.Storage;
using DailyPapers.Tests.Mail;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace DailyPapers.BrowserTests.Digest;

/// <summary>
/// Subscribing as a visitor does it in Chromium: the footer form, the link in the real confirmation mail, the
/// "Confirm" button, then the digest's "view in browser" and unsubscribe links.
/// </summary>
public sealed partial class SubscribeInBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Subscribe_from_the_footer_confirm_view_the_digest_and_unsubscribe()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false);
        await using var mail = await SmtpReceiver.StartAsync();
        var settings = new Dictionary<string, string?>(mail.Settings) { ["Demo:Enabled"] = "false", ["Digest:Enabled"] = "false" };
        await using var app = new TestApp(db, settings);
        var site = app.StartKestrel();
        var monday = new DateOnly(2026, 11, 23);
        var published = monday.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc);
        await app.Services.GetRequiredService<PaperStore>().UpsertAsync(new Paper
        {
            ArxivId = "2611.00077",
            Title = "Mean field games for swarms",
            Abstract = "Swarms of agents play a mean field game.",
            Authors = [new PaperAuthor("Ada Lovelace")],
            Versions = [new PaperVersion(1, published)],
            PublishedAt = published,
            UpdatedAt = published,
            Source = "test",
        });
        var database = app.Services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync())
        await using (var tx = await database.BeginWriteAsync(connection))
        {
            await DailyListStore.AddAsync(connection, tx, "2611.00077", monday, published, null);
            await tx.CommitAsync();
        }
        await using var context = await chromium.NewContextAsync(site, ChromiumFixture.Desktop);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        var form = page.Locator("footer form.subscribe-form");
        await form.Locator("input[name=email]").FillAsync("visitor@example.org");
        await form.Locator("input[value=weekly]").CheckAsync();
        await form.Locator("input[name=topics]").FillAsync("mean field; cat:cs.LG");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Check your inbox");

        var confirmation = await mail.WaitForAsync(m => m.To == "visitor@example.org");
        await page.GotoAsync(Link(confirmation, "subscribe/confirm"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Confirm your subscription");
        await page.Locator("form.account-form button[type=submit]").ClickAsync();
        await Expect(page.Locator(".form-notice")).ToContainTextAsync("Subscribed");
        await Expect(page.Locator(".digest-status")).ToHaveTextAsync("Weekly");
        await Expect(page.Locator("textarea#topics")).ToHaveValueAsync("mean field\ncat:cs.LG");

        await app.Services.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);
        var report = await app.Services.GetRequiredService<DigestRunner>().RunAsync(DigestPeriod.For(DigestFrequency.Weekly, monday.AddDays(7))!);
        Assert.Equal(1, report.Send.Sent);
        var digest = await mail.WaitForAsync(m => m.To == "visitor@example.org" && m.Message.Headers.Contains("List-Unsubscribe"));

        await page.GotoAsync(Link(digest, "digest/view"));
        await Expect(page.Locator("article.card .card-title")).ToHaveTextAsync("Mean field games for swarms");
        await Screenshots.SaveAsync(page, "digest-view-in-browser");

        await page.GotoAsync(Link(digest, "unsubscribe"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Unsubscribe?");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("You are unsubscribed");
    }

    /// <summary>The path of the first link to <paramref name="route"/> in the message's text, on the test's site.</summary>
    private static string Link(ReceivedMail mail, string route)
    {
        var match = AnyLink().Matches(mail.Message.TextBody ?? "").FirstOrDefault(m => m.Value.Contains("/" + route, StringComparison.Ordinal));
        Assert.True(match is not null, $"No /{route} link in:\n{mail.Message.TextBody}");
        return new Uri(match.Value).PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex AnyLink();
}
