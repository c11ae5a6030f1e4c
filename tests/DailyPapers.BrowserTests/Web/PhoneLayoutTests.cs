using DailyPapers.BrowserTests.Support;
using DailyPapers.Tests.Support;

namespace DailyPapers.BrowserTests.Web;

public sealed class PhoneLayoutTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    /// <summary>What the layout checks need, measured in the page (Playwright fills it by property name).</summary>
    private sealed class PageFacts
    {
        public int ScrollWidth { get; init; }
        public int InnerWidth { get; init; }
        public int Mains { get; init; }
        public int H1s { get; init; }
        public string[] ImagesWithoutAlt { get; init; } = [];
        public string[] UnlabelledInputs { get; init; } = [];
        public string[] TooWide { get; init; } = [];
    }

    private const string MeasurePage = """
        (screenWidth) => {
            const describe = (e) => e.outerHTML.slice(0, 120);
            const labelled = (e) =>
                [...e.labels].some(l => l.textContent.trim() !== "") ||
                (e.getAttribute("aria-label") ?? "").trim() !== "" ||
                (e.getAttribute("aria-labelledby") ?? "").split(/\s+/).some(id => document.getElementById(id)?.textContent.trim());
            const fields = [...document.querySelectorAll("input, select, textarea")]
                .filter(e => !["hidden", "submit", "button", "reset", "image"].includes(e.type));
            // Elements reaching past the screen, by their box or by content spilling out of it.
            const spills = (e) => !["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(e).overflowX);
            const tooWide = [...document.querySelectorAll("body *")].filter(e => {
                const box = e.getBoundingClientRect();
                return box.right > screenWidth + 0.5 || (spills(e) && box.left + e.scrollWidth > screenWidth + 0.5);
            });
            return {
                scrollWidth: document.scrollingElement.scrollWidth,
                innerWidth: window.innerWidth,
                mains: document.querySelectorAll("main").length,
                h1s: document.querySelectorAll("h1").length,
                imagesWithoutAlt: [...document.querySelectorAll("img:not([alt])")].map(describe),
                unlabelledInputs: fields.filter(e => !labelled(e)).map(describe),
                tooWide: tooWide.filter(e => !tooWide.some(d => d !== e && e.contains(d))).map(describe).slice(0, 5),
            };
        }
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pages_fit_a_phone_and_have_one_main_one_h1_and_labelled_fields(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var app = new TestApp(db);
        var site = app.StartKestrel();
        await using var context = await chromium.NewContextAsync(site, ChromiumFixture.Phone);
        var page = await context.NewPageAsync();

        foreach (var path in new[] { "/", "/papers/2310.06110", "/papers/date/2025-12-12" })
        {
            await page.GotoAsync(path);
            var facts = await page.EvaluateAsync<PageFacts>(MeasurePage, ChromiumFixture.Phone.Width);

            // A mobile browser zooms out a page wider than the screen, which widens innerWidth too.
            Assert.True(facts.ScrollWidth <= facts.InnerWidth && facts.InnerWidth == ChromiumFixture.Phone.Width,
                $"{path} is {facts.ScrollWidth} px wide (window {facts.InnerWidth} px) on a {ChromiumFixture.Phone.Width} px screen; " +
                $"too wide: {string.Join(" | ", facts.TooWide)}");
            Assert.Empty(facts.ImagesWithoutAlt);
            Assert.Equal(1, facts.Mains);
            Assert.Equal(1, facts.H1s);
            Assert.Empty(facts.UnlabelledInputs);
        }
    }
}
