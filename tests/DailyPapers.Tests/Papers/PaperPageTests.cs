using System.Net;
using AngleSharp.Html.Parser;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Papers;

[Collection(DemoSiteCollection.Name)]
public sealed class PaperPageTests(DemoSiteFixture site)
{
    private static readonly HtmlParser Parser = new();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_paper_page_shows_everything_about_the_paper(string provider)
    {
        var client = await site.Client(provider);

        var doc = Parser.ParseDocument(await client.GetStringAsync("/papers/0704.0001"));

        Assert.Equal("Calculation of prompt diphoton production cross sections at Tevatron and LHC energies", doc.QuerySelector("h1")!.TextContent);
        Assert.Equal(4, doc.QuerySelectorAll(".author-list li").Length);
        Assert.Contains("C. Balázs", doc.QuerySelector(".author-list")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(doc.QuerySelector("a[href='https://arxiv.org/abs/0704.0001']"));
        Assert.NotNull(doc.QuerySelector("a[href='https://arxiv.org/pdf/0704.0001']"));
        Assert.Equal("hep-ph", doc.QuerySelector(".categories li.primary")!.FirstChild!.TextContent);
        Assert.Equal(2, doc.QuerySelectorAll(".versions li").Length);
        Assert.Contains("Phys.Rev.D76:013009,2007", doc.QuerySelector(".paper-details")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("@misc{balazs2007calculation,", doc.QuerySelector(".bibtex code")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("eprint={0704.0001}", doc.QuerySelector(".bibtex code")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("0", doc.QuerySelector(".vote-count")!.TextContent);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Versioned_and_old_style_ids_resolve_and_unknown_ids_get_a_real_404_page(string provider)
    {
        var client = await site.Client(provider);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/papers/2310.06110v2")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/papers/0704.0001v1")).StatusCode);
        var unknown = await client.GetAsync("/papers/hep-th/9901001");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var doc = Parser.ParseDocument(await unknown.Content.ReadAsStringAsync());
        Assert.Contains("hep-th/9901001", doc.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/papers/not-an-id")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_markdown_form_has_title_authors_links_and_abstract(string provider)
    {
        var client = await site.Client(provider);

        var response = await client.GetAsync("/papers/2310.06110.md");
        var md = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("# Grokking as the Transition from Lazy to Rich Training Dynamics", md, StringComparison.Ordinal);
        Assert.Contains("Tanishq Kumar, Blake Bordelon, Samuel J. Gershman, Cengiz Pehlevan", md, StringComparison.Ordinal);
        Assert.Contains("(https://arxiv.org/abs/2310.06110)", md, StringComparison.Ordinal);
        Assert.Contains("## Abstract", md, StringComparison.Ordinal);
        Assert.Contains("grokking phenomenon", md, StringComparison.Ordinal);
    }
}
