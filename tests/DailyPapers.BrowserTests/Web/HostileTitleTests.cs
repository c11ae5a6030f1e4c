using DailyPapers.BrowserTests.Support;
using DailyPapers.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DailyPapers.BrowserTests.Web;

public sealed class HostileTitleTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_title_made_of_markup_is_shown_as_text_and_runs_nothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var app = new TestApp(db);
        var site = app.StartKestrel();
        await HostilePaper.SeedAsync(app);
        await using var context = await chromium.NewContextAsync(site, ChromiumFixture.Desktop);
        var (page, probe) = await ScriptProbe.OpenAsync(context);

        await page.GotoAsync($"/papers/date/{HostilePaper.ListDate:yyyy-MM-dd}");
        var link = page.Locator($"article.card h3 a[href='/papers/{HostilePaper.ArxivId}']");
        await Expect(link).ToHaveTextAsync(HostilePaper.Title);
        await Expect(link).ToBeVisibleAsync();
        await AssertNothingRanAsync(page);

        await link.ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site}/papers/{HostilePaper.ArxivId}");
        await Expect(page.Locator("h1")).ToHaveTextAsync(HostilePaper.Title);
        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        await Expect(page.Locator(".author-list > li")).ToHaveTextAsync(HostilePaper.Author);
        await AssertNothingRanAsync(page);
        await Screenshots.SaveAsync(page, $"hostile-paper-desktop-{provider}");

        Assert.Empty(probe.Dialogs);
        Assert.Empty(probe.Problems);
    }

    private static async Task AssertNothingRanAsync(IPage page)
    {
        // Let a failing <img src=x> fire its error event before looking.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal(0, await ScriptProbe.CallsAsync(page));
        Assert.Equal(0, await page.EvaluateAsync<int>(
            "document.querySelectorAll('img[onerror], [onerror], script:not([src])').length"));
    }
}
