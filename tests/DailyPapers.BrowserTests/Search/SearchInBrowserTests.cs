using System.Text.RegularExpressions;
using DailyPapers.BrowserTests.Support;
using DailyPapers.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DailyPapers.BrowserTests.Search;

/// <summary>A reader searches the demo catalogue: types a query, sees marked results, filters, pages, opens one; and picks a suggestion while typing.</summary>
public sealed partial class SearchInBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static Dictionary<string, string?> Settings => new()
    {
        // Keyword results are enough here; embedding 234 papers would only load the machine.
        ["Search:EmbedInBackground"] = "false",
        ["Search:PollInterval"] = "00:00:00.200",
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_searches_filters_pages_and_opens_a_result(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var app = new TestApp(db, Settings);
        var site = app.StartKestrel();
        await using var context = await chromium.NewContextAsync(site, ChromiumFixture.Desktop);
        var page = await context.NewPageAsync();
        var cards = page.Locator("ol.cards article.card");

        // The header's box: the query's words are marked, and the paper holding the phrase comes first.
        await WaitForIndexAsync(page);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Search papers" }).FillAsync("mean field");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Search papers" }).PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"/search\?q=mean(\+|%20)field$"));
        // "Mean field" or "mean-field": the phrase either way.
        await Expect(cards.First.Locator("h3")).ToContainTextAsync(new Regex("mean.field", RegexOptions.IgnoreCase));
        Assert.Contains("mean", (await cards.First.Locator("h3 mark").AllInnerTextsAsync()).Select(m => m.ToLowerInvariant()));
        await Screenshots.SaveAsync(page, $"search-desktop-{provider}");

        // Pages of 20: the next page starts at 21.
        await page.GotoAsync("/search?q=learning");
        await Expect(cards).ToHaveCountAsync(20);
        var count = await page.Locator("p.count").InnerTextAsync();
        Assert.Matches(@"^\d+ results, page 1 of \d+$", count);
        await page.Locator("nav.pager a[rel=next]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]p=1$"));
        await Expect(page.Locator("ol.cards")).ToHaveAttributeAsync("start", "21");

        // A category filter narrows the results.
        await page.GetByLabel("Category").FillAsync("cs");
        await page.Locator(".search-page-form button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"cat=cs(&|$)"));
        var filtered = int.Parse(CountPattern().Match(await page.Locator("p.count").InnerTextAsync()).Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(filtered < int.Parse(CountPattern().Match(count).Value, System.Globalization.CultureInfo.InvariantCulture), "the filter keeps fewer results");

        // A result opens its paper page.
        var first = cards.First.Locator("h3 a");
        var title = await first.InnerTextAsync();
        await first.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/papers/\d{4}\.\d{4,5}$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Suggestions_while_typing_lead_to_a_paper_an_author_search_and_a_category(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var app = new TestApp(db, Settings);
        var site = app.StartKestrel();
        await using var context = await chromium.NewContextAsync(site, ChromiumFixture.Desktop);
        var page = await context.NewPageAsync();
        await WaitForIndexAsync(page);
        await page.GotoAsync("/search");
        var box = page.GetByRole(AriaRole.Combobox, new() { Name = "Search for" });
        var options = page.Locator("#search-page-q-suggestions [role=option]");

        // A title: typed word by word, chosen with the arrow key and Enter.
        await box.PressSequentiallyAsync("learning mean fie", new() { Delay = 30 });
        await Expect(options.First).ToContainTextAsync("Learning Mean Field Games", new() { Timeout = 30_000 });
        await Expect(box).ToHaveAttributeAsync("aria-expanded", "true");
        await Screenshots.SaveAsync(page, $"search-suggestions-{provider}");
        await box.PressAsync("ArrowDown");
        await Expect(options.First).ToHaveAttributeAsync("aria-selected", "true");
        await box.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"/papers/\d{4}\.\d{4,5}$"));
        await Expect(page.Locator("h1")).ToContainTextAsync("Learning Mean Field Games");

        // An author, typed without the accent's care, leads to an author search; a category to its results.
        await page.GotoAsync("/search");
        await box.PressSequentiallyAsync("pehlev", new() { Delay = 30 });
        var author = page.Locator("#search-page-q-suggestions .suggestion-author a");
        await Expect(author.First).ToContainTextAsync("Cengiz Pehlevan");
        await author.First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("q=au%3A%22Cengiz%20Pehlevan%22"));
        await Expect(page.Locator("ol.cards article.card").First).ToBeVisibleAsync();

        await page.GotoAsync("/search");
        await box.PressSequentiallyAsync("cs.c", new() { Delay = 30 });
        var category = page.Locator("#search-page-q-suggestions .suggestion-category a");
        await Expect(category.First).ToContainTextAsync("cs.C");
        await box.PressAsync("Escape");
        await Expect(page.Locator("#search-page-q-suggestions")).ToBeHiddenAsync();
        await Expect(box).ToHaveValueAsync("cs.c");
    }

    /// <summary>The index is built in the background after start-up: reload a search until it finds something.</summary>
    private static async Task WaitForIndexAsync(IPage page)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        do
        {
            await page.GotoAsync("/search?q=learning");
            if (await page.Locator("ol.cards article.card").CountAsync() > 0)
            {
                return;
            }
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail("the search index found nothing within a minute");
    }

    [GeneratedRegex(@"^\d[\d,]*")]
    private static partial Regex CountPattern();
}
