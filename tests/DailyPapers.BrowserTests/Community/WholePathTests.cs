using System.Text.RegularExpressions;
using DailyPapers.BrowserTests.Support;
using DailyPapers.Papers;
using DailyPapers.Tests.Mail;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace DailyPapers.BrowserTests.Community;

/// <summary>
/// A reader's whole path in Chromium: sign in with the link from the real mail, submit a paper, upvote it
/// (site.js, no reload), comment, save it to a collection, and find it trending.
/// </summary>
public sealed partial class WholePathTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string Id = "2601.00042";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sign_in_submit_upvote_comment_collect_and_see_it_trending(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var mail = await SmtpReceiver.StartAsync();
        var settings = new Dictionary<string, string?>(mail.Settings) { ["Demo:Enabled"] = "false" };
        await using var app = new TestApp(db, settings);
        var site = app.StartKestrel();
        var published = DateTime.UtcNow.AddDays(-2);
        await app.Services.GetRequiredService<PaperStore>().UpsertAsync(new Paper
        {
            ArxivId = Id,
            Title = "A paper worth reading",
            Abstract = "It says something new.",
            Authors = [new PaperAuthor("Ada Lovelace")],
            Versions = [new PaperVersion(1, published)],
            PublishedAt = published,
            UpdatedAt = published,
            Source = "test",
        });
        await using var context = await chromium.NewContextAsync(site, ChromiumFixture.Desktop);
        var page = await context.NewPageAsync();

        // Sign in: the link comes from the message the SMTP receiver got.
        await page.GotoAsync("/signin");
        await page.Locator("form.account-form input[name=email]").FillAsync("reader@example.org");
        await page.Locator("form.account-form button[type=submit]").ClickAsync();
        var received = await mail.WaitForAsync(m => m.To == "reader@example.org");
        var link = SignInLink().Match(received.Message.TextBody ?? "").Value;
        Assert.StartsWith(site, link, StringComparison.Ordinal);
        await page.GotoAsync(link);
        await page.Locator("form.account-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("header a.profile-link")).ToBeVisibleAsync();

        // Submit the paper to today's list.
        await page.GotoAsync("/submit");
        await page.Locator("#arxivId").FillAsync($"https://arxiv.org/abs/{Id}");
        await page.Locator("form.submit-form button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site}/papers/{Id}");

        // Upvote: site.js sends the form with fetch; the page stays (a marker set on it survives).
        await page.EvaluateAsync("window.__samePage = true");
        var vote = page.Locator("form.vote-form button");
        await Expect(vote).ToHaveAttributeAsync("aria-pressed", "false");
        await vote.ClickAsync();
        await Expect(vote).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("form.vote-form .vote-count")).ToHaveTextAsync("1");
        Assert.True(await page.EvaluateAsync<bool>("window.__samePage === true"));

        // Comment.
        await page.Locator("section.comments > form.comment-form textarea").FillAsync("A **clear** result.");
        await page.Locator("section.comments > form.comment-form button[type=submit]").ClickAsync();
        await Expect(page.Locator(".comment-body strong")).ToHaveTextAsync("clear");

        // Save it to a new collection.
        await page.Locator("details.collect summary").First.ClickAsync();
        await page.Locator("details.collect a.collect-new").First.ClickAsync();
        await page.Locator("form.collection-form #name").FillAsync("Weekend reading");
        await page.Locator("form.collection-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Weekend reading");
        await Expect(page.Locator("article.card .card-title")).ToHaveTextAsync("A paper worth reading");

        // Trending.
        await page.GotoAsync("/trending");
        var card = page.Locator($"ol.trending-list article.card:has(a[href='/papers/{Id}'])");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card.Locator(".vote-count")).ToHaveTextAsync("1");
        await Expect(card.Locator("a.comment-count")).ToHaveTextAsync("1 comment");
        await Screenshots.SaveAsync(page, $"whole-path-trending-{provider}");
    }

    [GeneratedRegex(@"https?://\S+/signin/link\?token=[A-Za-z0-9_-]+")]
    private static partial Regex SignInLink();
}
