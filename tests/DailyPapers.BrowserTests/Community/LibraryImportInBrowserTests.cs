using System.Text.RegularExpressions;
using DailyPapers.BrowserTests.Support;
using DailyPapers.Papers;
using DailyPapers.Tests.Mail;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace DailyPapers.BrowserTests.Community;

/// <summary>
/// A reader imports a BibTeX export with good, duplicate and broken entries in Chromium: the file input, the result
/// list with each problem's reason, and the collection the papers went into.
/// </summary>
public sealed partial class LibraryImportInBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string Export = """
        % Exported from a reference manager
        @misc{vaswani_attention_2017,
        	title = {Attention {Is} {All} {You} {Need}},
        	url = {http://arxiv.org/abs/1706.03762},
        	author = {Vaswani, Ashish and Shazeer, Noam},
        	year = {2017},
        	note = {arXiv:1706.03762 [cs]},
        }

        @inproceedings{he_deep_2016,
        	title = {Deep {Residual} {Learning} for {Image} {Recognition}},
        	doi = {10.1109/CVPR.2016.90},
        	booktitle = {2016 {IEEE} {Conference} on {Computer} {Vision} and {Pattern} {Recognition} ({CVPR})},
        	year = {2016},
        }

        @article{vaswani2017attention,
          title={Attention is all you need},
          journal={arXiv preprint arXiv:1706.03762},
          year={2017}
        }

        @article{broken_2020,
        	title = {A title whose brace never {closes},
        	year = {2020},

        @book{goodfellow_deep_2016,
        	title = {Deep {Learning}},
        	publisher = {MIT Press},
        	year = {2016},
        }
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Upload_a_BibTeX_export_and_see_the_result_list_and_the_collection(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var mail = await SmtpReceiver.StartAsync();
        var settings = new Dictionary<string, string?>(mail.Settings) { ["Demo:Enabled"] = "false" };
        await using var app = new TestApp(db, settings);
        var site = app.StartKestrel();
        await app.Services.GetRequiredService<PaperStore>().UpsertBatchAsync(
        [
            Sample("1706.03762", "Attention Is All You Need"),
            Sample("1512.03385", "Deep Residual Learning for Image Recognition") with { Doi = "10.1109/CVPR.2016.90" },
        ]);
        var file = Path.Combine(Path.GetTempPath(), $"library-{Guid.NewGuid():N}.bib");
        await File.WriteAllTextAsync(file, Export);
        try
        {
            await using var context = await chromium.NewContextAsync(site, ChromiumFixture.Desktop);
            var page = await context.NewPageAsync();

            // Signed out, the page says what it does and offers to sign in; the link comes back here.
            await page.GotoAsync("/settings/library");
            await page.Locator("a.signin-prompt").ClickAsync();
            await page.Locator("form.account-form input[name=email]").FillAsync("reader@example.org");
            await page.Locator("form.account-form button[type=submit]").ClickAsync();
            var received = await mail.WaitForAsync(m => m.To == "reader@example.org");
            await page.GotoAsync(SignInLink().Match(received.Message.TextBody ?? "").Value);
            await page.Locator("form.account-form button[type=submit]").ClickAsync();
            await Expect(page).ToHaveURLAsync($"{site}/settings/library");

            await page.Locator("#file").SetInputFilesAsync(file);
            await page.Locator("form.library-form button[type=submit]").ClickAsync();

            await Expect(page.Locator(".import-status")).ToHaveTextAsync("Done.");
            await Expect(page.Locator(".count-added")).ToHaveTextAsync("2");
            await Expect(page.Locator(".count-duplicate")).ToHaveTextAsync("1");
            await Expect(page.Locator(".count-unmatched")).ToHaveTextAsync("1");
            await Expect(page.Locator(".count-malformed")).ToHaveTextAsync("1");
            var problems = page.Locator("ol.import-entries li");
            await Expect(problems.Locator(".entry-label")).ToHaveTextAsync(["vaswani2017attention, line 17", "broken_2020, line 23", "goodfellow_deep_2016, line 27"]);
            await Expect(problems.Nth(0).Locator(".entry-reason")).ToHaveTextAsync("Names the same paper as vaswani_attention_2017, line 2.");
            await Expect(problems.Nth(1).Locator(".entry-reason")).ToContainTextAsync("never closes");
            await Expect(problems.Nth(2).Locator(".entry-title")).ToHaveTextAsync("Deep Learning");
            await Screenshots.SaveAsync(page, $"library-import-{provider}");

            await page.Locator("a.imported-collection").ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Imported library");
            await Expect(page.Locator("article.card .card-title")).ToHaveTextAsync(
                ["Deep Residual Learning for Image Recognition", "Attention Is All You Need"], new() { Timeout = 5000 });
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Paper Sample(string id, string title)
    {
        var published = DateTime.UtcNow.AddDays(-30);
        return new Paper
        {
            ArxivId = id,
            Title = title,
            Abstract = "A paper a reader has read.",
            Authors = [new PaperAuthor("Ada Lovelace")],
            Versions = [new PaperVersion(1, published)],
            PublishedAt = published,
            UpdatedAt = published,
            Source = "test",
        };
    }

    [GeneratedRegex(@"https?://\S+/signin/link\?token=[A-Za-z0-9_-]+")]
    private static partial Regex SignInLink();
}
