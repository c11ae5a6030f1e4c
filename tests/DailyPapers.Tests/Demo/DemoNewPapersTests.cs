using System.Net;
using System.Numerics.Tensors;
using AngleSharp.Html.Parser;
using Dapper;
using DailyPapers.Demo;
using DailyPapers.Papers;
using DailyPapers.Search.Semantic;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Demo;

/// <summary>The demo's month of real arXiv announcements: on a fresh install's <c>/new</c>, offline, with its vectors.</summary>
public sealed class DemoNewPapersTests
{
    [Fact]
    public void The_month_is_6926_real_papers_with_their_days_and_a_unit_minilm_vector_each()
    {
        var (papers, rejected) = DemoNewPapers.ReadPapers(DemoContent.Open(DemoNewPapers.PapersResource));
        var vectors = DemoNewPapers.ReadVectors(DemoContent.Open(DemoNewPapers.VectorsResource));

        Assert.Empty(rejected);
        Assert.Equal(6926, papers.Count);
        Assert.Equal(6926, papers.Select(p => p.ArxivId).Distinct().Count());
        Assert.All(papers, p => Assert.InRange(p.AnnouncedOn!.Value, new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1)));
        // Each arXiv date is its listing's deadline, so arXiv's calendar gives back the listing; the crawler dated one
        // listing (8 papers) Saturday 2026-06-06, which the demo keeps as the source has it.
        var weekdays = papers.Where(p => p.AnnouncedOn!.Value.DayOfWeek != DayOfWeek.Saturday).ToList();
        Assert.Equal(8, papers.Count - weekdays.Count);
        Assert.All(weekdays, p => Assert.Equal(p.AnnouncedOn, ArxivSchedule.AnnouncementDay(p.PublishedAt)));
        Assert.Equal(300, papers.Count(p => p.AnnouncedOn == new DateOnly(2026, 7, 1)));
        Assert.Equal(papers.Select(p => p.ArxivId).Order(StringComparer.Ordinal), vectors.Keys.Order(StringComparer.Ordinal));
        Assert.All(vectors.Values, v => Assert.Equal((384, 1f), (v.Length, MathF.Round(TensorPrimitives.Norm(v), 4))));
    }

    [Fact]
    public void The_shipped_vectors_are_what_the_app_embeds_for_those_papers()
    {
        var (papers, _) = DemoNewPapers.ReadPapers(DemoContent.Open(DemoNewPapers.PapersResource));
        var vectors = DemoNewPapers.ReadVectors(DemoContent.Open(DemoNewPapers.VectorsResource));
        var sample = papers.Where((_, i) => i % 2000 == 7).ToList();

        var embedded = new TextEmbedder(EmbeddingModel.MiniLM).EmbedDocuments(
            sample.Select(p => TextEmbedder.DocumentText(PaperText.Display(p.Title), PaperText.Display(p.Abstract))).ToList());

        // The app's embedder and the one the vectors were made with cut long abstracts at different lengths (512 and 256
        // word pieces), so short of equal; a vector of another paper would be far below (unrelated papers: ~0.1–0.5).
        Assert.All(sample.Zip(embedded), pair => Assert.InRange(TensorPrimitives.CosineSimilarity(vectors[pair.First.ArxivId], pair.Second), 0.9f, 1.001f));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_fresh_install_serves_at_once_then_shows_the_month_on_new_with_its_vectors_and_loads_it_once(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var settings = new Dictionary<string, string?> { ["Demo:NewPapers"] = "true", ["Search:EmbedInBackground"] = "false" };
        await using (var app = new TestApp(db, settings))
        {
            var client = app.CreateClient();
            // The site serves at once (the month may or may not be in yet: it loads in the background).
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
            await WaitUntilLoadedAsync(db);

            var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/new"));

            Assert.Equal("Wednesday, July 1, 2026", page.QuerySelector(".period-title")!.TextContent);
            Assert.Equal("/new?date=2026-06-30", page.QuerySelector(".period-nav a.prev")!.GetAttribute("href"));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/new?date=2026-06-01&cat=cs.CL")).StatusCode);
            // The month is a harvest: the curator lists the picks of its last days, and the front page shows the latest.
            await WaitUntilCuratedAsync(db);
            var front = new HtmlParser().ParseDocument(await client.GetStringAsync("/"));
            Assert.Equal("Wednesday, July 1, 2026", front.QuerySelector(".period-title")!.TextContent);
            Assert.Equal(20, front.QuerySelectorAll("article.card").Length);
            Assert.Contains("DailyPapers curator", front.Body!.TextContent, StringComparison.Ordinal);
            Assert.Contains("Thursday, December 11, 2025", await client.GetStringAsync("/papers/date/2025-12-11"), StringComparison.Ordinal);
            // Every paper of the month has its vector for the text stored: nothing waits for the embedding job.
            var embeddings = app.Services.GetRequiredService<EmbeddingStore>();
            Assert.Equal(6926, await embeddings.CountAsync(DemoNewPapers.Model));
            Assert.Equal(234, await embeddings.CountPendingAsync(DemoNewPapers.Model));
        }
        await using (var again = new TestApp(db, settings))
        {
            _ = again.Server;
            Assert.Equal(0, (await again.Services.GetRequiredService<DemoNewPapersLoader>().LoadIfPendingAsync()).Papers);
            await using var connection = await db.Database.OpenAsync();
            Assert.Equal(234 + 6926, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM papers"));
        }
    }

    private static async Task WaitUntilCuratedAsync(TestDatabase db)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (true)
        {
            await using (var connection = await db.Database.OpenAsync(deadline.Token))
            {
                if (await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM curation_days WHERE announced_on = @day", new { day = new DateOnly(2026, 7, 1) }) == 1)
                {
                    return;
                }
            }
            await Task.Delay(100, deadline.Token);
        }
    }

    private static async Task WaitUntilLoadedAsync(TestDatabase db)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (true)
        {
            await using (var connection = await db.Database.OpenAsync(deadline.Token))
            {
                if (await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM site_state WHERE key = @key", new { key = DemoNewPapersLoader.PendingMarker }) == 0
                    && await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM papers") > 234)
                {
                    return;
                }
            }
            await Task.Delay(100, deadline.Token);
        }
    }
}
