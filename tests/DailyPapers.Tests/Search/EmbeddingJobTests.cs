using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Search.Semantic;
using DailyPapers.Search.Sync;
using DailyPapers.Storage;
using DailyPapers.Tests.Ingest.Oai;
using DailyPapers.Tests.Support;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

public sealed class EmbeddingJobTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Papers_are_embedded_once_per_model_and_again_when_their_text_changes(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var folder = Path.Combine(Path.GetTempPath(), "dailypapers-search-tests", Guid.NewGuid().ToString("N"));
        await using var cleanup = new TemporaryFolder(folder);
        await using var services = db.Services(configure: s => s.Configure<SearchOptions>(o =>
        {
            o.IndexPath = folder;
            o.EmbeddingBatchSize = 2;
        }));
        var store = services.GetRequiredService<PaperStore>();
        foreach (var p in SearchTestPapers.All.Take(3))
        {
            await store.UpsertAsync(p);
        }
        var job = services.GetRequiredService<EmbeddingJob>();
        var embeddings = services.GetRequiredService<EmbeddingStore>();

        Assert.Equal(3, await job.RunAsync(CancellationToken.None));
        Assert.Equal(0, await job.RunAsync(CancellationToken.None));
        Assert.Equal(3, await embeddings.CountAsync("MiniLM"));
        Assert.Equal(0, await embeddings.CountAsync("ArcticXs"));

        await store.UpsertAsync(SearchTestPapers.Cats with { Abstract = "Cats meow.", Versions = [new PaperVersion(2, DateTime.UtcNow)] });
        Assert.Equal(1, await embeddings.CountPendingAsync("MiniLM"));
        Assert.Equal(1, await job.RunAsync(CancellationToken.None));

        // The vectors reach the search: a query by meaning finds a paper that shares none of its words.
        await services.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);
        var search = services.GetRequiredService<SearchService>();
        Assert.Equal(new SearchCoverage(3, 3), search.Coverage);
        var hits = search.Search(new SearchRequest { Query = "secure communication with light particles" }).Hits;
        Assert.Equal(SearchTestPapers.Quantum.ArxivId, hits[0].ArxivId);
        Assert.Equal([SearchTestPapers.Cats.ArxivId, SearchTestPapers.Bread.ArxivId],
            search.Similar(SearchTestPapers.Quantum.ArxivId, 5).Select(h => h.Id).Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_background_run_looks_for_pending_papers_only_when_papers_or_vectors_changed_or_a_while_passed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var folder = Path.Combine(Path.GetTempPath(), "dailypapers-search-tests", Guid.NewGuid().ToString("N"));
        await using var cleanup = new TemporaryFolder(folder);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var services = db.Services(clock, s => s.Configure<SearchOptions>(o => o.IndexPath = folder));
        var store = services.GetRequiredService<PaperStore>();
        foreach (var p in SearchTestPapers.All.Take(3))
        {
            await store.UpsertAsync(p);
        }
        var job = services.GetRequiredService<EmbeddingJob>();
        var embeddings = services.GetRequiredService<EmbeddingStore>();

        Assert.Equal(3, await job.RunWhenChangedAsync(CancellationToken.None));
        Assert.Equal(0, await job.RunWhenChangedAsync(CancellationToken.None)); // its own vectors changed: it looks once more
        // A vector deleted by hand moves no change feed: not seen until something changes or the full check is due.
        await using (var connection = await services.GetRequiredService<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM paper_embeddings WHERE arxiv_id = @id", new { id = SearchTestPapers.Bread.ArxivId });
        }
        Assert.Equal(1, await embeddings.CountPendingAsync("MiniLM"));
        Assert.Equal(0, await job.RunWhenChangedAsync(CancellationToken.None));
        clock.Advance(EmbeddingJob.FullCheckEvery);
        Assert.Equal(1, await job.RunWhenChangedAsync(CancellationToken.None));
        Assert.Equal(0, await job.RunWhenChangedAsync(CancellationToken.None));

        // A changed paper is seen at the next run.
        await store.UpsertAsync(SearchTestPapers.Cats with { Abstract = "Cats meow.", Versions = [new PaperVersion(2, DateTime.UtcNow)] });
        Assert.Equal(1, await job.RunWhenChangedAsync(CancellationToken.None));
        Assert.Equal(0, await embeddings.CountPendingAsync("MiniLM"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_embed_verbs_run_takes_the_newest_papers_first_on_several_threads_and_a_second_run_continues(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var folder = Path.Combine(Path.GetTempPath(), "dailypapers-search-tests", Guid.NewGuid().ToString("N"));
        await using var cleanup = new TemporaryFolder(folder);
        await using var services = db.Services(configure: s => s.Configure<SearchOptions>(o => o.IndexPath = folder));
        var store = services.GetRequiredService<PaperStore>();
        foreach (var p in SearchTestPapers.All)
        {
            await store.UpsertAsync(p);
        }
        var job = services.GetRequiredService<EmbeddingJob>();
        var embeddings = services.GetRequiredService<EmbeddingStore>();
        var progress = new List<(int Done, int Total)>();

        Assert.Equal(3, await job.RunAsync(new EmbeddingRun(Threads: 2, Limit: 3, Progress: (done, total) => progress.Add((done, total))), CancellationToken.None));
        Assert.Equal((3, 3), progress[^1]);
        // The two left are the oldest; the next run embeds only them, with the same vectors one thread would give.
        Assert.Equal([SearchTestPapers.Quantum.ArxivId, SearchTestPapers.Cats.ArxivId], (await embeddings.PendingAsync("MiniLM", 10)).Select(p => p.ArxivId));
        Assert.Equal(2, await job.RunAsync(new EmbeddingRun(Threads: 2), CancellationToken.None));
        Assert.Equal(0, await embeddings.CountPendingAsync("MiniLM"));
        await services.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);
        var indexes = services.GetRequiredService<SearchIndexes>();
        var single = indexes.Embedder.EmbedDocuments([TextEmbedder.DocumentText(SearchTestPapers.Bread.Title, SearchTestPapers.Bread.Abstract)])[0];
        Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Dot(single, indexes.Vectors.GetVector(SearchTestPapers.Bread.ArxivId)!), 4);
    }
}

/// <summary>Deletes a folder when disposed (after the services that use it, if declared before them).</summary>
internal sealed class TemporaryFolder(string path) : IAsyncDisposable
{
    /// <summary>
    /// Deletes the folder; a file written into it meanwhile (seen under heavy load: "Directory not empty" as a stopped
    /// host's last index files land) gets a few more tries, and then the folder is left in the temp folder.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                await Task.Delay(500);
            }
            catch (IOException)
            {
                return;
            }
        }
    }
}
