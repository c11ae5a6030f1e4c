using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Search;

/// <summary>Whatever a reader types, the answer is results or a clear message, never a server error.</summary>
[Collection(SearchSiteCollection.Name)]
public sealed class SearchInputTests(SearchSiteFixture site)
{
    public static TheoryData<string, string> PageInputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in ((IEnumerable<object[]>)TestDatabase.Providers).Select(p => (string)p[0]))
        {
            foreach (var q in new[] { "", "\"unbalanced quote", "title:(foo AND bar~ OR [baz TO", "au:", "量子 计算 مرحبا", "!!! ???", "cat:\"", new string('x', 10_000),
                "zeppelin\0ballast", "\u0001\u001f\u007f", "\u202Ezeppelin\u200B", "cat:\0 au:\u0008" })
            {
                data.Add(provider, q);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PageInputs))]
    public async Task The_page_answers_any_query_with_results_or_a_message(string provider, string q)
    {
        var client = await site.Client(provider);

        var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString(q));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var answered = doc.QuerySelector("p.count") is not null || doc.QuerySelector("section.empty h2") is not null
            || doc.QuerySelector("ul.search-notices") is not null || (q.Length == 0 && doc.QuerySelector("section.search-tips") is not null);
        Assert.True(answered, q);
        if (q.Length > 1000)
        {
            Assert.Contains("only its beginning was searched", doc.QuerySelector("ul.search-notices")!.TextContent, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_filters_and_pages_are_explained_not_fatal(string provider)
    {
        var client = await site.Client(provider);

        var doc = new HtmlParser().ParseDocument(await client.GetStringAsync("/search?q=bread&from=yesterday&cat=%3Cscript%3E&p=9999"));

        var notices = doc.QuerySelectorAll("ul.search-notices li").Select(li => li.TextContent).ToList();
        Assert.Equal(3, notices.Count);
        Assert.Equal("/papers/2403.00003", doc.QuerySelector("ol.cards h3 a")!.GetAttribute("href"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_api_refuses_bad_parameters_with_problem_details(string provider)
    {
        var client = await site.Client(provider);
        foreach (var query in new[] { "?limit=0", "?q=bread&limit=0", "?q=bread&limit=121", "?q=bread&limit=ten", "?q=" + new string('x', 251), "?q=" + new string('x', 10_000) })
        {
            var response = await client.GetAsync("/api/papers/search" + query);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(400, body.RootElement.GetProperty("status").GetInt32());
            Assert.True(body.RootElement.GetProperty("errors").EnumerateObject().Any());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_api_answers_odd_queries_with_results(string provider)
    {
        var client = await site.Client(provider);
        foreach (var q in new[] { "\"unbalanced", "a:b:c AND ( OR [", "量子", "!!!", "bread\0", "\u0001\u0008", "\u202Ebread" })
        {
            var response = await client.GetAsync("/api/papers/search?q=" + Uri.EscapeDataString(q));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(JsonValueKind.Array, body.RootElement.ValueKind);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_hostile_query_is_shown_back_as_text_and_highlighting_marks_only_words(string provider)
    {
        var client = await site.Client(provider);
        const string q = "<script>alert(1)</script> zeppelin \"><mark onclick=x>";

        var html = await client.GetStringAsync("/search?q=" + Uri.EscapeDataString(q));

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<mark onclick", html, StringComparison.Ordinal);
        var doc = new HtmlParser().ParseDocument(html);
        Assert.Equal(q, doc.QuerySelector("input#search-page-q")!.GetAttribute("value"));
        Assert.All(doc.QuerySelectorAll("mark"), m => Assert.Empty(m.Attributes));
        Assert.All(doc.QuerySelectorAll("script"), s => Assert.Equal("/site.js", s.GetAttribute("src")));
    }
}
