using System.Text.RegularExpressions;
using DailyPapers.BrowserTests.Support;
using DailyPapers.Papers;
using DailyPapers.Search.Semantic;
using DailyPapers.Tests.Mail;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace DailyPapers.BrowserTests.Recommendations;

/// <summary>
/// "For you" in Chromium, on real MiniLM embeddings: a reader saves two papers from their pages, finds the week's
/// papers like them first on /for-you with the paper that put each there, "not interested" (site.js, no reload)
/// sends a paper to the end of the list at once, and "Save" on a card makes the paper theirs in the next ranking.
/// </summary>
public sealed partial class ForYouInBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly DateTime LongAgo = new(2025, 3, 10, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime ThisWeek = DateTime.UtcNow.Date.AddDays(-1).AddHours(10);

    private static readonly Paper Quantum = Make("2503.00001", "Entangled photons for quantum key distribution",
        "Pairs of entangled photons distribute secret keys over fibre. We measure Bell violations over 50 km and bound the information an eavesdropper can learn.",
        "quant-ph", LongAgo);
    private static readonly Paper Attention = Make("2503.00002", "Attention is a retrieval mechanism in language models",
        "Large language models built from transformer layers retrieve facts with attention heads. We locate the heads that copy tokens from the context.",
        "cs.CL", LongAgo);
    private static readonly Paper Satellite = Make("2612.00041", "Quantum key distribution from a satellite with entangled photon pairs",
        "A satellite sends entangled photons to two ground stations 1,200 km apart; the pairs violate Bell's inequality and yield a secret key.",
        "quant-ph", ThisWeek);
    private static readonly Paper Heads = Make("2612.00042", "Which attention heads of a transformer recall facts",
        "We probe the attention heads of large language models and find a few that retrieve stored facts from earlier tokens of the context.",
        "cs.CL", ThisWeek);
    private static readonly Paper Pastry = Make("2612.00043", "Laminated dough and the rise of croissants",
        "Butter layers in laminated dough turn to steam in the oven; we relate the number of folds to the rise and flakiness of croissants.",
        "physics.chem-ph", ThisWeek);
    private static readonly Paper Glaciers = Make("2612.00044", "Glacier retreat measured from space",
        "Satellite altimetry over two decades shows glaciers losing mass faster at lower altitudes; we separate melting from changes in snowfall.",
        "physics.geo-ph", ThisWeek);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_who_saved_two_papers_sees_similar_new_papers_first_and_not_interested_moves_one_down_at_once(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var mail = await SmtpReceiver.StartAsync();
        await using var app = new TestApp(db, new Dictionary<string, string?>(mail.Settings) { ["Demo:Enabled"] = "false" });
        var site = app.StartKestrel();
        var papers = app.Services.GetRequiredService<PaperStore>();
        foreach (var p in new[] { Quantum, Attention, Satellite, Heads, Pastry, Glaciers })
        {
            await papers.UpsertAsync(p);
        }
        await app.Services.GetRequiredService<EmbeddingJob>().RunAsync(CancellationToken.None);
        await using var context = await chromium.NewContextAsync(site, ChromiumFixture.Desktop);
        var page = await context.NewPageAsync();

        // Sign in with the link from the real mail.
        await page.GotoAsync("/signin");
        await page.Locator("form.account-form input[name=email]").FillAsync("reader@example.org");
        await page.Locator("form.account-form button[type=submit]").ClickAsync();
        var received = await mail.WaitForAsync(m => m.To == "reader@example.org");
        await page.GotoAsync(SignInLink().Match(received.Message.TextBody ?? "").Value);
        await page.Locator("form.account-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("header a.profile-link")).ToBeVisibleAsync();

        // Save the quantum paper in a new collection, then the attention paper in the same one, from their pages.
        await page.GotoAsync($"/papers/{Quantum.ArxivId}");
        await page.Locator("details.collect summary").First.ClickAsync();
        await page.Locator("details.collect a.collect-new").First.ClickAsync();
        await page.Locator("form.collection-form #name").FillAsync("To read");
        await page.Locator("form.collection-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("To read");
        await page.GotoAsync($"/papers/{Attention.ArxivId}");
        await page.Locator("details.collect summary").First.ClickAsync();
        await page.Locator("details.collect form.collect-form button").First.ClickAsync();
        await Expect(page.Locator("details.collect form.collect-form button").First).ToHaveAttributeAsync("aria-pressed", "true");

        // "For you" from the nav: the two papers like the saved ones come first, each saying which one.
        await page.Locator("nav.site-nav a[href='/for-you']").ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site}/for-you");
        var cards = page.Locator("ol.for-you-list article.card");
        await Expect(cards).ToHaveCountAsync(4);
        var firstTwo = (await cards.Locator("h3.card-title").AllInnerTextsAsync()).Take(2).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([Satellite.Title, Heads.Title], firstTwo);
        var satellite = cards.Filter(new() { HasText = Satellite.Title });
        await Expect(satellite.Locator(".card-reason")).ToHaveTextAsync($"Because you saved “{Quantum.Title}”");
        await Expect(cards.Filter(new() { HasText = Heads.Title }).Locator(".card-reason")).ToHaveTextAsync($"Because you saved “{Attention.Title}”");
        await Screenshots.SaveAsync(page, $"for-you-{provider}");

        // "Not interested" on the satellite paper: site.js sends it and puts the new ranking in place, no reload.
        await page.EvaluateAsync("window.__samePage = true");
        await satellite.Locator("form.not-interested-form button").ClickAsync();
        await Expect(cards.Last.Locator("h3.card-title")).ToHaveTextAsync(Satellite.Title);
        await Expect(cards.Last.Locator(".card-reason")).ToHaveTextAsync("You marked this not interested");
        await Expect(cards.First.Locator("h3.card-title")).ToHaveTextAsync(Heads.Title);
        Assert.True(await page.EvaluateAsync<bool>("window.__samePage === true"));

        // A reload ranks the same: the mark is stored.
        await page.ReloadAsync();
        await Expect(cards.Last.Locator("h3.card-title")).ToHaveTextAsync(Satellite.Title);

        // Save the glacier paper from its card on /for-you: the form comes back to the page, which now counts it as
        // the reader's paper.
        var glaciers = cards.Filter(new() { HasText = Glaciers.Title });
        await Expect(glaciers.Locator(".card-reason")).Not.ToHaveTextAsync("In your papers");
        await glaciers.Locator("details.collect summary").ClickAsync();
        await glaciers.Locator("details.collect form.collect-form button").First.ClickAsync();
        await Expect(page).ToHaveURLAsync($"{site}/for-you");
        await Expect(glaciers.Locator(".card-reason")).ToHaveTextAsync("In your papers");
        await Expect(glaciers.Locator("details.collect form.collect-form button").First).ToHaveAttributeAsync("aria-pressed", "true");
    }

    private static Paper Make(string id, string title, string text, string category, DateTime published) => new()
    {
        ArxivId = id,
        Title = title,
        Abstract = text,
        Authors = [new PaperAuthor($"Author of {id}")],
        Versions = [new PaperVersion(1, published)],
        PrimaryCategory = category,
        Categories = [category],
        PublishedAt = published,
        UpdatedAt = published,
        Source = "test",
    };

    [GeneratedRegex(@"https?://\S+/signin/link\?token=[A-Za-z0-9_-]+")]
    private static partial Regex SignInLink();
}
