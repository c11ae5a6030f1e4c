using Dapper;
using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Search.Semantic;
using DailyPapers.Search.Sync;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

/// <summary>A node saves its vector index (graph included) and loads it at start; damaged files are built again.</summary>
public sealed class SavedVectorIndexTests
{
    private const string Query = "a warm loaf of bread";

    private static ServiceProvider Services(TestDatabase db, string folder, VectorPrecision precision) =>
        db.Services(configure: s => s.Configure<SearchOptions>(o =>
        {
            o.IndexPath = folder;
            o.HnswThreshold = 3;
            o.VectorPrecision = precision;
        }));

    /// <summary>Syncs until the graph is in use and saved (it is built on a thread of its own).</summary>
    private static async Task<SearchIndexes> SyncUntilGraphAsync(IServiceProvider services)
    {
        var indexes = services.GetRequiredService<SearchIndexes>();
        var sync = services.GetRequiredService<SearchIndexSync>();
        for (var i = 0; i < 600 && !indexes.Vectors.UsesHnsw; i++)
        {
            await sync.SyncAsync(CancellationToken.None);
            await Task.Delay(50);
        }
        await sync.SyncAsync(CancellationToken.None);
        Assert.True(indexes.Vectors.UsesHnsw);
        return indexes;
    }

    /// <summary>The test papers stored, embedded and in the node's index, graph built and saved.</summary>
    private static async Task<SearchIndexes> StoreEmbedAndSyncAsync(IServiceProvider services)
    {
        var store = services.GetRequiredService<PaperStore>();
        foreach (var p in SearchTestPapers.All)
        {
            await store.UpsertAsync(p);
        }
        await services.GetRequiredService<EmbeddingJob>().RunAsync(CancellationToken.None);
        return await SyncUntilGraphAsync(services);
    }

    private static List<(string Id, float Score)> Nearest(SearchIndexes indexes) =>
        indexes.Vectors.Search(indexes.Embedder.EmbedQuery(Query), 5, SearchFilter.None).Select(h => (h.Id, h.Score)).ToList();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_restarted_node_loads_its_saved_graph_and_serves_the_same_results_with_the_changes_made_meanwhile(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var folder = Path.Combine(Path.GetTempPath(), "dailypapers-search-tests", Guid.NewGuid().ToString("N"));
        await using var cleanup = new TemporaryFolder(folder);
        List<(string Id, float Score)> before;
        await using (var first = Services(db, folder, VectorPrecision.I8))
        {
            var indexes = await StoreEmbedAndSyncAsync(first);
            Assert.Equal(1, indexes.Vectors.HnswBuilds);
            Assert.Null(indexes.Warmup); // it started on an empty folder: nothing to read
            before = Nearest(indexes);
            Assert.Equal(SearchTestPapers.Bread.ArxivId, before[0].Id);
        }
        // While the node is down a paper is hidden: the restarted node reads that change, not the whole catalogue.
        await using (var connection = await db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE papers SET hidden = @hidden WHERE arxiv_id = @id", new { hidden = true, id = SearchTestPapers.Volcano.ArxivId });
        }

        await using var again = Services(db, folder, VectorPrecision.I8);
        var sync = again.GetRequiredService<SearchIndexSync>();
        var reopened = again.GetRequiredService<SearchIndexes>();
        // The hidden paper's change (and its vector's, where the feed reports it), not the whole catalogue.
        Assert.InRange(await sync.SyncAsync(CancellationToken.None), 1, 2);
        Assert.True(reopened.Vectors.LoadedGraph);
        Assert.True(reopened.Vectors.UsesHnsw);
        Assert.Equal(0, reopened.Vectors.HnswBuilds);
        Assert.Equal(before.Where(h => h.Id != SearchTestPapers.Volcano.ArxivId), Nearest(reopened));
        // Its keyword index and saved float32 rows were read into the page cache in the background, every byte of them.
        var files = reopened.WarmedFiles;
        Assert.Contains(files, f => f.EndsWith(".doc", StringComparison.Ordinal) || f.EndsWith(".cfs", StringComparison.Ordinal));
        Assert.Contains(Path.Combine(reopened.VectorFolderPath, VectorFolder.RowsFile), files);
        Assert.Equal(files.Sum(f => new FileInfo(f).Length), await reopened.Warmup!);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_truncated_graph_or_a_damaged_papers_file_is_built_again_with_the_same_results(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var folder = Path.Combine(Path.GetTempPath(), "dailypapers-search-tests", Guid.NewGuid().ToString("N"));
        await using var cleanup = new TemporaryFolder(folder);
        List<(string Id, float Score)> before;
        await using (var first = Services(db, folder, VectorPrecision.F16))
        {
            before = Nearest(await StoreEmbedAndSyncAsync(first));
        }
        var vectors = Path.Combine(folder, "vectors");

        // The graph file cut short: the papers and vectors load, the graph is built again from them.
        var graph = Directory.GetFiles(vectors, "graph-*.usearch").Single();
        await using (var file = new FileStream(graph, FileMode.Open))
        {
            file.SetLength(file.Length / 2);
        }
        await using (var second = Services(db, folder, VectorPrecision.F16))
        {
            var indexes = await SyncUntilGraphAsync(second);
            Assert.False(indexes.Vectors.LoadedGraph);
            Assert.Equal(1, indexes.Vectors.HnswBuilds);
            Assert.Equal(before, Nearest(indexes));
        }

        // Another index's papers file in its place: everything is read again from the database.
        var slots = Directory.GetFiles(vectors, "slots-*.bin").Single();
        await File.WriteAllBytesAsync(slots, [.. (await File.ReadAllBytesAsync(slots)).Reverse()]);
        await using (var third = Services(db, folder, VectorPrecision.F16))
        {
            var indexes = await SyncUntilGraphAsync(third);
            Assert.False(indexes.Vectors.LoadedGraph);
            Assert.Equal(before, Nearest(indexes));
        }
    }
}
