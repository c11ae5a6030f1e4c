using DailyPapers.BrowserTests.Support;
using DailyPapers.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DailyPapers.BrowserTests.Feed;

public sealed class ReaderPathTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_goes_from_the_list_to_a_paper_and_through_the_days(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var app = new TestApp(db);
        var site = app.StartKestrel();
        await using var context = await chromium.NewContextAsync(site, ChromiumFixture.Desktop);
        var page = await context.NewPageAsync();
        var cards = page.Locator("article.card");

        // The demo list: 34 cards ranked by upvotes.
        await page.GotoAsync("/");
        await Expect(cards).ToHaveCountAsync(34);
        var votes = (await page.Locator("article.card .vote-count").AllInnerTextsAsync()).Select(int.Parse).ToList();
        Assert.Equal(votes.OrderByDescending(v => v), votes);
        Assert.Equal([3, 2], votes.Take(2));
        Assert.All(votes.Skip(2), v => Assert.Equal(0, v));
        await Screenshots.SaveAsync(page, $"home-desktop-{provider}");

        // The third card's title leads to its paper page, and Back returns to the list.
        var third = cards.Nth(2).Locator("h3 a");
        var title = await third.InnerTextAsync();
        await third.ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site}/papers/2310.06110");
        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await Expect(page.Locator(".author-list > li")).ToHaveCountAsync(4);
        await Screenshots.SaveAsync(page, $"paper-desktop-{provider}");
        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync($"{site}/");
        await Expect(cards).ToHaveCountAsync(34);

        // Next day has nothing; Previous day is the demo list again.
        await page.Locator(".period-nav a[rel=next]").ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site}/papers/date/2025-12-12");
        await Expect(page.Locator(".empty h2")).ToHaveTextAsync("No papers on this list");
        await Expect(cards).ToHaveCountAsync(0);
        await page.Locator(".period-nav a[rel=prev]").ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site}/papers/date/2025-12-11");
        await Expect(cards).ToHaveCountAsync(34);

        // The date picker: site.js jumps as soon as a date is filled in...
        var dateInput = page.GetByLabel("Day", new() { Exact = true });
        await dateInput.FillAsync("2025-12-01");
        await Expect(page).ToHaveURLAsync($"{site}/papers/date/2025-12-01");
        await Expect(page.Locator(".period-title")).ToHaveTextAsync("Monday, December 1, 2025");
        // ...and without a change event (as without JavaScript) the Go button submits the form.
        await dateInput.EvaluateAsync("(input, day) => { input.value = day; }", "2025-12-11");
        await page.GetByRole(AriaRole.Button, new() { Name = "Go", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site}/papers/date/2025-12-11");
        await Expect(cards).ToHaveCountAsync(34);

        // "Show more" opens the <details> and shows the whole abstract.
        var abstractBox = page.Locator("article.card details.abstract").First;
        var full = abstractBox.Locator(".full");
        await Expect(full).ToBeHiddenAsync();
        await abstractBox.GetByText("Show more").ClickAsync();
        await Expect(full).ToBeVisibleAsync();
        await Expect(abstractBox).ToHaveAttributeAsync("open", "");
        var snippet = await abstractBox.Locator(".snippet").TextContentAsync() ?? "";
        Assert.True((await full.InnerTextAsync()).Length > snippet.Length, "the full abstract is longer than its snippet");

        // The same two pages on a phone.
        await using var phone = await chromium.NewContextAsync(site, ChromiumFixture.Phone);
        var phonePage = await phone.NewPageAsync();
        await phonePage.GotoAsync("/");
        await Screenshots.SaveAsync(phonePage, $"home-phone-{provider}");
        await phonePage.GotoAsync("/papers/2310.06110");
        await Screenshots.SaveAsync(phonePage, $"paper-phone-{provider}");
    }
}
