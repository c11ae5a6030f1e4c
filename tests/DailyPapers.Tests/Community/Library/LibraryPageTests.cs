using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using DailyPapers.Community.Library;
using DailyPapers.Papers;
using DailyPapers.Tests.Ingest.Arxiv;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community.Library;

/// <summary><c>/settings/library</c> through the real app: the form, the background fetch, the result list, refusals.</summary>
public sealed class LibraryPageTests
{
    private static async Task<(AccountsSite Site, ArxivReplayServer Arxiv)> StartAsync(string provider, Dictionary<string, string?>? settings = null)
    {
        var (site, arxiv) = await AccountsSite.StartWithArxivAsync(provider, settings);
        await site.Services.GetRequiredService<PaperStore>().UpsertBatchAsync(LibraryRig.Catalogue);
        return (site, arxiv);
    }

    /// <summary>The form as a browser sends it: the antiforgery token, the file (if any) and the textarea.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, (string Name, byte[] Bytes)? file, string entries = "")
    {
        var form = await AccountsSite.GetFormAsync(client, "/settings/library", "form.library-form");
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in form.Where(f => f.Key != "file"))
        {
            content.Add(new StringContent(value), name);
        }
        content.Add(new StringContent(entries), "entries");
        // With no file chosen, a browser still sends the part, with an empty file name and no bytes.
        var upload = new ByteArrayContent(file?.Bytes ?? []);
        upload.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        upload.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = $"\"{file?.Name}\"" };
        content.Add(upload);
        return await client.PostAsync("/settings/library", content);
    }

    /// <summary>The page once the latest import is done (the fetch job runs in the app), refreshed as the page asks.</summary>
    private static async Task<IHtmlDocument> WhenDoneAsync(HttpClient client, string path = "/settings/library")
    {
        for (var i = 0; ; i++)
        {
            var page = await AccountsSite.ParseAsync(await client.GetAsync(path));
            var status = page.QuerySelector(".import-status")!.TextContent;
            if (status.Contains("Done.", StringComparison.Ordinal))
            {
                Assert.Null(page.QuerySelector("meta[http-equiv=refresh]"));
                return page;
            }
            Assert.Equal("5", page.QuerySelector("meta[http-equiv=refresh]")!.GetAttribute("content"));
            Assert.True(i < 100, "The import did not finish: " + status);
            await Task.Delay(200);
        }
    }

    private static string Text(IHtmlDocument page, string selector) => page.QuerySelector(selector)!.TextContent.Trim();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_uploads_a_Zotero_export_sees_each_entry_s_fate_and_imports_it_again_for_nothing(string provider)
    {
        var (site, arxiv) = await StartAsync(provider);
        await using var _ = site;
        await using var __ = arxiv;

        var anonymous = site.Client();
        var prompt = await AccountsSite.ParseAsync(await anonymous.GetAsync("/settings/library"));
        Assert.Equal("/signin?returnUrl=%2Fsettings%2Flibrary", prompt.QuerySelector("a.signin-prompt")!.GetAttribute("href"));
        Assert.Null(prompt.QuerySelector("form.library-form"));

        var client = site.Client();
        await site.SignInAsync(client, "reader@example.org");
        var settings = await AccountsSite.ParseAsync(await client.GetAsync("/settings"));
        Assert.NotNull(settings.QuerySelector("a.library-link[href='/settings/library']"));
        Assert.NotNull(settings.QuerySelector("nav.settings-nav a[href='/settings/library']"));

        var posted = await PostAsync(client, ("zotero.bib", LibraryFixtures.Bytes("zotero.bib")));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/settings/library", posted.Headers.Location!.OriginalString);

        var page = await WhenDoneAsync(client);
        Assert.Equal("Import of “zotero.bib”", Text(page, "#import-heading"));
        Assert.Equal(("5", "0", "0", "1", "0"),
            (Text(page, ".count-added"), Text(page, ".count-present"), Text(page, ".count-duplicate"), Text(page, ".count-unmatched"), Text(page, ".count-malformed")));
        var problem = Assert.Single(page.QuerySelectorAll("ol.import-entries li"));
        Assert.Equal("goodfellow_deep_2016, line 53", problem.QuerySelector(".entry-label")!.TextContent);
        Assert.Equal("Deep Learning", problem.QuerySelector(".entry-title")!.TextContent);
        Assert.Equal("No paper here has this title.", problem.QuerySelector(".entry-reason")!.TextContent);
        Assert.Single(arxiv.Requests);

        // Every entry, with how it matched; the collection holds the five papers.
        var all = await AccountsSite.ParseAsync(await client.GetAsync(page.QuerySelector(".import-views a")!.GetAttribute("href")!));
        Assert.Equal(
            ["added (by arXiv id)", "added (by DOI)", "added (by title)", "added (by title)", "not found", "added (by arXiv id)"],
            all.QuerySelectorAll("ol.import-entries .entry-outcome").Select(e => e.TextContent));
        var collectionLink = page.QuerySelector("a.imported-collection")!.GetAttribute("href")!;
        var collection = await AccountsSite.ParseAsync(await client.GetAsync(collectionLink));
        Assert.Equal("Imported library", Text(collection, "h1"));
        Assert.Equal(5, collection.QuerySelectorAll("article.card").Length);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(collectionLink)).StatusCode);

        // Again: nothing added, nothing fetched; the first import is listed as an earlier one.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, ("zotero.bib", LibraryFixtures.Bytes("zotero.bib")))).StatusCode);
        page = await WhenDoneAsync(client);
        Assert.Equal(("0", "5"), (Text(page, ".count-added"), Text(page, ".count-present")));
        Assert.Single(page.QuerySelectorAll("ul.earlier-imports li"));
        Assert.Single(arxiv.Requests);
        Assert.Equal(5, (await AccountsSite.ParseAsync(await client.GetAsync(collectionLink))).QuerySelectorAll("article.card").Length);

        // Without the antiforgery token nothing is imported.
        var forged = new MultipartFormDataContent { { new StringContent("2310.06110"), "entries" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/settings/library", forged)).StatusCode);
        Assert.Equal(2, (await site.Services.GetRequiredService<LibraryImportStore>().ForUserAsync(
            (await site.Services.GetRequiredService<DailyPapers.Community.Accounts.AccountStore>().FindByEmailAsync("reader@example.org"))!.Id)).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Uploads_past_the_limits_and_files_that_are_no_library_get_a_clear_error(string provider)
    {
        var (site, arxiv) = await StartAsync(provider, new()
        {
            ["Library:MaxFileBytes"] = "2000",
            ["Library:MaxEntries"] = "3",
            ["RateLimits:LibraryImports:PermitLimit"] = "7",
        });
        await using var _ = site;
        await using var __ = arxiv;
        var client = site.Client();
        await site.SignInAsync(client, "limits@example.org");

        Assert.Contains("Choose a BibTeX or RIS file", await AccountsSite.RefusalAsync(await PostAsync(client, null)), StringComparison.Ordinal);
        Assert.Contains("not both", await AccountsSite.RefusalAsync(await PostAsync(client, ("a.bib", "@misc{a, eprint={1706.03762}}"u8.ToArray()), "1706.03762")), StringComparison.Ordinal);
        var large = await PostAsync(client, ("big.bib", new byte[2001]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains("up to 2,000 bytes and 3 entries", Text(await AccountsSite.ParseAsync(large), ".form-error"), StringComparison.Ordinal);
        Assert.Contains("not text", await AccountsSite.RefusalAsync(await PostAsync(client, ("paper.pdf", "%PDF-1.7\n\0\0\0"u8.ToArray()))), StringComparison.Ordinal);
        var many = await PostAsync(client, null, "1706.03762\n1512.03385\n2507.05184\nhep-th/9711200");
        Assert.Contains("more than 3 entries", await AccountsSite.RefusalAsync(many), StringComparison.Ordinal);
        // The pasted list comes back to be cut down.
        Assert.Contains("hep-th/9711200", Text(await AccountsSite.ParseAsync(await PostAsync(client, null, "1706.03762\n1512.03385\n2507.05184\nhep-th/9711200")), "textarea#entries"), StringComparison.Ordinal);

        // Broken entries are listed, each with its reason; the good one is imported.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, ("broken.bib",
            "@article{open, title = {never closed,\n\n@misc{good, eprint = {1706.03762}}\n@misc{bad title = {x}}"u8.ToArray()))).StatusCode);
        var page = await WhenDoneAsync(client);
        Assert.Equal(("1", "2"), (Text(page, ".count-added"), Text(page, ".count-malformed")));
        Assert.Equal(["open, line 1", "line 4"], page.QuerySelectorAll("ol.import-entries .entry-label").Select(e => e.TextContent));
        Assert.All(page.QuerySelectorAll("ol.import-entries .entry-outcome"), e => Assert.Equal("could not be read", e.TextContent));

        // Past the rate limit: 429 with Retry-After.
        var limited = await PostAsync(client, null, "1706.03762");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
    }
}
