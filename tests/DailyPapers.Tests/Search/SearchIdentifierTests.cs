using System.Net;
using System.Text.Json;
using DailyPapers.Papers;
using DailyPapers.Tests.Ingest.Arxiv;
using DailyPapers.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

/// <summary>An arXiv id, arXiv link or DOI typed in the search box: the paper itself, from the catalogue or fetched from arXiv.</summary>
public sealed class SearchIdentifierTests
{
    private static async Task<(TestDatabase Db, TestApp App, ArxivReplayServer Arxiv, HttpClient Client)> StartAsync(string provider)
    {
        var arxiv = await ArxivReplayServer.StartAsync();
        var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var settings = SearchSiteFixture.Settings(SearchSiteFixture.NewIndexFolder(), embed: false);
        settings["Arxiv:ApiUrl"] = arxiv.ApiUrl.ToString();
        settings["Arxiv:MinInterval"] = "00:00:00.001";
        var app = new TestApp(db, settings);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var store = app.Services.GetRequiredService<PaperStore>();
        foreach (var paper in SearchTestPapers.All)
        {
            await store.UpsertAsync(paper with { Doi = paper == SearchTestPapers.Bread ? "10.1000/Bread.42" : null });
        }
        var search = app.Services.GetRequiredService<DailyPapers.Search.SearchService>();
        await Eventually.TrueAsync(() => Task.FromResult(search.Coverage.Papers == SearchTestPapers.All.Count), TimeSpan.FromMinutes(1));
        return (db, app, arxiv, client);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ids_links_and_dois_of_catalogue_papers_go_straight_to_the_paper(string provider)
    {
        var (db, app, arxiv, client) = await StartAsync(provider);
        await using var _ = db;
        await using var __ = app;
        await using var ___ = arxiv;

        foreach (var typed in new[] { "2403.00003", "arXiv:2403.00003v2", "https://arxiv.org/pdf/2403.00003v1", " 10.1000/bread.42 ", "https://doi.org/10.1000/Bread.42", "10.48550/arXiv.2403.00003" })
        {
            var page = await client.GetAsync("/search?q=" + Uri.EscapeDataString(typed));
            Assert.True(HttpStatusCode.Redirect == page.StatusCode, typed);
            Assert.Equal("/papers/2403.00003", page.Headers.Location!.OriginalString);

            using var api = JsonDocument.Parse(await client.GetStringAsync("/api/papers/search?q=" + Uri.EscapeDataString(typed.Trim())));
            Assert.Equal("2403.00003", api.RootElement[0].GetProperty("paper").GetProperty("id").GetString());
        }
        Assert.Empty(arxiv.Requests);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_id_the_catalogue_lacks_is_fetched_from_arxiv_once_and_shown(string provider)
    {
        var (db, app, arxiv, client) = await StartAsync(provider);
        await using var _ = db;
        await using var __ = app;
        await using var ___ = arxiv;

        var page = await client.GetAsync("/search?q=" + Uri.EscapeDataString("https://arxiv.org/abs/1605.08386v1"));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/papers/1605.08386", page.Headers.Location!.OriginalString);
        Assert.Contains("Heat-bath random walks", await client.GetStringAsync("/papers/1605.08386"), StringComparison.Ordinal);
        using var api = JsonDocument.Parse(await client.GetStringAsync("/api/papers/search?q=1605.08386"));
        Assert.Equal("1605.08386", api.RootElement[0].GetProperty("paper").GetProperty("id").GetString());
        Assert.Single(arxiv.Requests);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_misspelt_word_offers_the_indexed_word_and_still_finds_the_paper(string provider)
    {
        var (db, app, arxiv, client) = await StartAsync(provider);
        await using var _ = db;
        await using var __ = app;
        await using var ___ = arxiv;

        var html = await client.GetStringAsync("/search?q=sourdogh");

        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var suggestion = doc.QuerySelector("p.did-you-mean a")!;
        Assert.Equal("sourdough", suggestion.TextContent);
        Assert.Equal("/search?q=sourdough", suggestion.GetAttribute("href"));
        Assert.Equal("/papers/2403.00003", doc.QuerySelector("ol.cards article.card h3 a")!.GetAttribute("href"));
    }
}
