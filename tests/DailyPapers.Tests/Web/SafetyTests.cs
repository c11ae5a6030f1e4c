using System.Net;
using AngleSharp.Html.Parser;
using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Web;

public sealed class SafetyTests
{
    public const string Hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";

    /// <summary>Puts a paper with a hostile title, abstract and author on today's list of a fresh site.</summary>
    internal static async Task SeedHostilePaperAsync(TestApp app)
    {
        var store = app.Services.GetRequiredService<PaperStore>();
        var paper = DailyPapers.Tests.Papers.PaperStoreTests.Sample("2501.00001", title: Hostile) with
        {
            Abstract = "Abstract with " + Hostile + " and $\\phi^3$ math.",
            Authors = [new PaperAuthor("Eve \"><script>alert(3)</script>")],
        };
        await store.UpsertAsync(paper);
        await using var connection = await store.Database.OpenAsync();
        await using var tx = await store.Database.BeginWriteAsync(connection);
        await DailyListStore.AddAsync(connection, tx, "2501.00001", new DateOnly(2025, 12, 11), new DateTime(2025, 12, 11, 1, 0, 0, DateTimeKind.Utc), null);
        await tx.CommitAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Text_from_data_is_encoded_on_every_page_feed_and_api(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var app = new TestApp(db);
        var client = app.CreateClient();
        await SeedHostilePaperAsync(app);

        foreach (var path in new[] { "/papers/date/2025-12-11", "/papers/2501.00001" })
        {
            var html = await client.GetStringAsync(path);
            var doc = new HtmlParser().ParseDocument(html);
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            Assert.Empty(doc.QuerySelectorAll("img[onerror]"));
            Assert.All(doc.QuerySelectorAll("script"), s => Assert.Equal("/site.js", s.GetAttribute("src")));
            Assert.Contains(doc.QuerySelectorAll("h1, h3"), e => e.TextContent.Contains(Hostile, StringComparison.Ordinal));
        }
        var atom = await client.GetStringAsync("/papers/date/2025-12-11.atom");
        Assert.DoesNotContain("<script>", atom, StringComparison.Ordinal);
        // Markdown renders text inside a fenced code block literally; everywhere else markup must be escaped.
        var md = await client.GetStringAsync("/papers/2501.00001.md");
        var outsideFences = string.Join('\n', md.Split("```").Where((_, i) => i % 2 == 0));
        Assert.DoesNotContain("<script>", outsideFences, StringComparison.Ordinal);
        Assert.Contains("\\<script\\>", outsideFences, StringComparison.Ordinal);
        var svg = await client.GetStringAsync("/papers/2501.00001/thumbnail.svg");
        Assert.DoesNotContain("<script>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_response_carries_a_content_security_policy_without_inline_script()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false);
        await using var app = new TestApp(db);
        var client = app.CreateClient();

        foreach (var path in new[] { "/", "/papers/2310.06110", "/api/daily_papers", "/nowhere" })
        {
            var response = await client.GetAsync(path);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Healthz_reports_whether_the_database_answers(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var app = new TestApp(db);
        var client = app.CreateClient();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Healthy", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
