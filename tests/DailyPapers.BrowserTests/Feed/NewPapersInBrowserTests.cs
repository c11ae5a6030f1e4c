using Dapper;
using DailyPapers.BrowserTests.Support;
using DailyPapers.Demo;
using DailyPapers.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DailyPapers.BrowserTests.Feed;

/// <summary>A reader on a fresh install's <c>/new</c> (the demo's month of real announcements) clicks through days, chips and orders.</summary>
public sealed class NewPapersInBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly IReadOnlyList<DailyPapers.Papers.Paper> Month = DemoNewPapers.ReadPapers(DemoContent.Open(DemoNewPapers.PapersResource)).Papers;

    private static int Count(string day, params string[] categories) =>
        Month.Count(p => p.AnnouncedOn == DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture) && p.Categories.Any(categories.Contains));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_filters_by_category_goes_through_the_days_and_changes_the_order(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var app = new TestApp(db, new Dictionary<string, string?> { ["Demo:NewPapers"] = "true", ["Search:EmbedInBackground"] = "false" });
        var site = app.StartKestrel();
        await WaitForTheMonthAsync(db);
        await using var context = await chromium.NewContextAsync(site, ChromiumFixture.Desktop);
        var page = await context.NewPageAsync();
        var cards = page.Locator("article.card");
        var count = page.Locator(".count");

        // From the nav: the latest day, every followed category, 50 cards a page with their vote buttons.
        await page.GotoAsync("/");
        await page.Locator(".site-nav").GetByRole(AriaRole.Link, new() { Name = "New", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site}/new");
        await Expect(page.Locator(".period-title")).ToHaveTextAsync("Wednesday, July 1, 2026");
        await Expect(count).ToContainTextAsync($"{Count("2026-07-01", "cs.LG", "cs.CL", "cs.CV", "cs.AI", "stat.ML")} papers");
        await Expect(cards).ToHaveCountAsync(50);
        await Expect(page.Locator("article.card .votes")).ToHaveCountAsync(50);
        await Screenshots.SaveAsync(page, $"new-desktop-{provider}");

        // A chip shows one category; another adds itself.
        var chips = page.Locator(".category-chips");
        await chips.GetByRole(AriaRole.Link, new() { Name = "cs.CL", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site}/new?cat=cs.CL");
        await Expect(count).ToContainTextAsync($"{Count("2026-07-01", "cs.CL")} papers");
        await Expect(chips.GetByRole(AriaRole.Link, new() { Name = "cs.CL", Exact = true })).ToHaveAttributeAsync("aria-current", "true");
        await chips.GetByRole(AriaRole.Link, new() { Name = "cs.LG", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site}/new?cat=cs.CL&cat=cs.LG");
        await Expect(count).ToContainTextAsync($"{Count("2026-07-01", "cs.CL", "cs.LG")} papers");

        // Previous and next announcement day keep the categories.
        await page.Locator(".period-nav a[rel=prev]").ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site}/new?date=2026-06-30&cat=cs.CL&cat=cs.LG");
        await Expect(page.Locator(".period-title")).ToHaveTextAsync("Tuesday, June 30, 2026");
        await Expect(count).ToContainTextAsync($"{Count("2026-06-30", "cs.CL", "cs.LG")} papers");
        await page.Locator(".period-nav a[rel=next]").ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site}/new?date=2026-07-01&cat=cs.CL&cat=cs.LG");
        await Expect(page.Locator(".period-nav a[rel=next]")).ToHaveCountAsync(0); // the latest day

        // Pressing a shown category takes it away; arXiv's order puts the category's own papers first, by id.
        await chips.GetByRole(AriaRole.Link, new() { Name = "cs.LG", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site}/new?date=2026-07-01&cat=cs.CL");
        await page.Locator(".sort-switch").GetByRole(AriaRole.Link, new() { Name = "arXiv order" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site}/new?date=2026-07-01&cat=cs.CL&sort=arxiv");
        var firstCsCl = Month.Where(p => p.AnnouncedOn == new DateOnly(2026, 7, 1) && p.PrimaryCategory == "cs.CL").Min(p => p.ArxivId);
        await Expect(cards.First.Locator("h3 a")).ToHaveAttributeAsync("href", $"/papers/{firstCsCl}");

        // The date picker carries the category and the order along.
        await page.GetByLabel("Day", new() { Exact = true }).FillAsync("2026-06-15");
        await Expect(page).ToHaveURLAsync($"{site}/new?date=2026-06-15&cat=cs.CL&sort=arxiv");
        await Expect(page.Locator(".period-title")).ToHaveTextAsync("Monday, June 15, 2026");
        await Expect(count).ToContainTextAsync($"{Count("2026-06-15", "cs.CL")} papers");
    }

    private static async Task WaitForTheMonthAsync(TestDatabase db)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (true)
        {
            await using (var connection = await db.Database.OpenAsync(deadline.Token))
            {
                if (await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM papers") > 234
                    && await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM site_state WHERE key = @key", new { key = DemoNewPapersLoader.PendingMarker }) == 0)
                {
                    return;
                }
            }
            await Task.Delay(100, deadline.Token);
        }
    }
}
