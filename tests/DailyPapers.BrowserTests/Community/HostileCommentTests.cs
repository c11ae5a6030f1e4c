using DailyPapers.BrowserTests.Support;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Comments;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DailyPapers.BrowserTests.Community;

/// <summary>Comments written to attack readers render as inert text and links in a real Chromium.</summary>
public sealed class HostileCommentTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Markup_and_script_links_in_comments_run_nothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var app = new TestApp(db);
        var site = app.StartKestrel();
        await HostilePaper.SeedAsync(app);
        var (account, _) = await app.Services.GetRequiredService<AccountStore>().GetOrCreateByEmailAsync("eve@example.org");
        var comments = app.Services.GetRequiredService<CommentStore>();
        var img = (await comments.AddAsync(HostilePaper.ArxivId, account.Id, null, "<img src=x onerror=alert(1)>", CommentMarkdown.ToHtml("<img src=x onerror=alert(1)>"))).Id;
        var link = (await comments.AddAsync(HostilePaper.ArxivId, account.Id, null, "[x](javascript:alert(1))", CommentMarkdown.ToHtml("[x](javascript:alert(1))"))).Id;

        await using var context = await chromium.NewContextAsync(site, ChromiumFixture.Desktop);
        var (page, probe) = await ScriptProbe.OpenAsync(context);

        await page.GotoAsync($"/papers/{HostilePaper.ArxivId}");
        await Expect(page.Locator($"#comment-{img} .comment-body")).ToHaveTextAsync("<img src=x onerror=alert(1)>");
        var anchor = page.Locator($"#comment-{link} .comment-body a");
        await Expect(anchor).ToHaveTextAsync("x");
        Assert.Null(await anchor.GetAttributeAsync("href"));
        await anchor.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal(0, await ScriptProbe.CallsAsync(page));
        Assert.Equal(0, await page.EvaluateAsync<int>(
            "document.querySelectorAll('.comments img, [onerror], script:not([src]), a[href^=\"javascript\" i]').length"));
        await Screenshots.SaveAsync(page, $"hostile-comments-{provider}");
        Assert.Empty(probe.Dialogs);
        Assert.Empty(probe.Problems);
    }
}
