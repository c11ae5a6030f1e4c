using System.Collections.Concurrent;
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
    private const string RecordDialogCalls = """
        for (const name of ["alert", "confirm", "prompt"]) {
            const original = window[name];
            window[name] = function (...args) {
                (window.__xss ??= []).push(`${name}(${args.join(",")})`);
                return original.apply(this, args);
            };
        }
        """;

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
        var img = await comments.AddAsync(HostilePaper.ArxivId, account.Id, null, "<img src=x onerror=alert(1)>");
        var link = await comments.AddAsync(HostilePaper.ArxivId, account.Id, null, "[x](javascript:alert(1))");

        await using var context = await chromium.NewContextAsync(site, ChromiumFixture.Desktop);
        await context.AddInitScriptAsync(RecordDialogCalls);
        var page = await context.NewPageAsync();
        var dialogs = new ConcurrentQueue<string>();
        var problems = new ConcurrentQueue<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Enqueue(dialog.Message);
            _ = dialog.DismissAsync();
        };
        page.PageError += (_, error) => problems.Enqueue(error);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                problems.Enqueue(message.Text);
            }
        };

        await page.GotoAsync($"/papers/{HostilePaper.ArxivId}");
        await Expect(page.Locator($"#comment-{img} .comment-body")).ToHaveTextAsync("<img src=x onerror=alert(1)>");
        var anchor = page.Locator($"#comment-{link} .comment-body a");
        await Expect(anchor).ToHaveTextAsync("x");
        Assert.Null(await anchor.GetAttributeAsync("href"));
        await anchor.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal(0, await page.EvaluateAsync<int>("(window.__xss ?? []).length"));
        Assert.Equal(0, await page.EvaluateAsync<int>(
            "document.querySelectorAll('.comments img, [onerror], script:not([src]), a[href^=\"javascript\" i]').length"));
        await Screenshots.SaveAsync(page, $"hostile-comments-{provider}");
        Assert.Empty(dialogs);
        Assert.Empty(problems);
    }
}
