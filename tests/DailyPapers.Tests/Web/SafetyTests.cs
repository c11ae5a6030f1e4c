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
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var home = await client.GetAsync("/");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/");
        conditional.Headers.IfNoneMatch.Add(home.Headers.ETag!);
        var responses = new List<HttpResponseMessage> { home, await client.SendAsync(conditional) };
        // A page, the API, a feed, Markdown, a static file, not found (page and problem details), a bad request, a
        // redirect, the health check, the OpenAPI document.
        foreach (var path in new[]
                 {
                     "/papers/2310.06110", "/api/daily_papers", "/papers/date/2025-12-11.atom", "/papers/2310.06110.md", "/site.js",
                     "/nowhere", "/api/nowhere", "/api/daily_papers?date=never", "/papers/date?date=2025-12-11", "/healthz", "/openapi/v1.json",
                 })
        {
            responses.Add(await client.GetAsync(path));
        }

        // A Host name the site does not answer to: host filtering's 400 comes before any other middleware.
        responses.Add(await app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://evil.example"),
        }).GetAsync("/"));

        Assert.Equal(
            [200, 304, 200, 200, 200, 200, 200, 404, 404, 400, 302, 200, 200, 400],
            responses.Select(r => (int)r.StatusCode));
        Assert.All(responses, AssertSecurityHeaders);
    }

    internal static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var what = $"{response.RequestMessage!.RequestUri} ({(int)response.StatusCode})";
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var values), "No CSP on " + what);
        var csp = string.Join(";", values);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Failures_show_only_a_trace_id_and_healthz_only_unhealthy(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var app = new TestApp(db, new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "false", ["Digest:Enabled"] = "false", ["Search:EmbedInBackground"] = "false",
        });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        await using (var connection = await db.Database.OpenAsync())
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "ALTER TABLE papers RENAME TO papers_gone";
            await cmd.ExecuteNonQueryAsync();
            cmd.CommandText = "ALTER TABLE schema_migrations RENAME TO schema_migrations_gone"; // what /healthz reads
            await cmd.ExecuteNonQueryAsync();
        }

        var health = await client.GetAsync("/healthz");
        var error = await client.GetAsync("/api/papers/2310.06110");
        var errorPage = await client.GetAsync("/papers/2310.06110");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("""{"status":"Unhealthy","checks":{"database":{"status":"Unhealthy"}}}""", await health.Content.ReadAsStringAsync());
        foreach (var failed in new[] { error, errorPage })
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            var body = await failed.Content.ReadAsStringAsync();
            Assert.Contains("traceId", body, StringComparison.Ordinal);
            foreach (var leak in new[] { "papers", "Exception", "SQLite", "Npgsql", " at ", "relation", "no such table" })
            {
                Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
            }
            AssertSecurityHeaders(failed);
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
