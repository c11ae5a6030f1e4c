using Dapper;
using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Search.Semantic;
using DailyPapers.Search.Snapshots;
using DailyPapers.Search.Sync;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Search;

/// <summary>
/// A node publishes its indexes as a snapshot; a new node with empty folders seeds from it, serves the same results
/// and reads from the database only the changes made after it; a damaged snapshot is refused whole.
/// </summary>
public sealed class IndexSnapshotTests : IAsyncDisposable
{
    private static readonly string[] Queries = ["sourdough bread", "quantum photons", "purring cats", "au:crater", "language models attention"];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dailypapers-snapshot-tests", Guid.NewGuid().ToString("N"));

    private static readonly Paper Glacier = SearchTestPapers.Make("2406.00006", "Meltwater beneath a retreating glacier",
        "Radar soundings of a retreating glacier map the meltwater that lubricates its bed and speeds the ice towards the sea.",
        ["Ida Moraine"], ["physics.geo-ph"], new DateTime(2025, 6, 2, 10, 0, 0, DateTimeKind.Utc));

    private static readonly Paper Violin = SearchTestPapers.Make("2406.00007", "The varnish of a violin and its tone",
        "We measure how the varnish of a violin damps the vibration of its spruce top and changes the tone a listener hears.",
        ["Jon Luthier"], ["physics.class-ph"], new DateTime(2025, 6, 3, 10, 0, 0, DateTimeKind.Utc));

    private ServiceProvider Node(TestDatabase db, string name, ILoggerProvider? logs = null) =>
        db.Services(configure: s =>
        {
            s.Configure<SearchOptions>(o =>
            {
                o.IndexPath = Path.Combine(_root, name);
                o.SnapshotPath = Path.Combine(_root, "snapshots");
                o.HnswThreshold = 3;
            });
            if (logs is not null)
            {
                s.AddSingleton(logs);
            }
        });

    /// <summary>Node A with the test papers indexed and embedded, its graph built, and a snapshot published.</summary>
    private async Task<ServiceProvider> PublishingNodeAsync(TestDatabase db)
    {
        var a = Node(db, "a");
        var store = a.GetRequiredService<PaperStore>();
        foreach (var p in SearchTestPapers.All)
        {
            await store.UpsertAsync(p);
        }
        await a.GetRequiredService<EmbeddingJob>().RunAsync(CancellationToken.None);
        var indexes = a.GetRequiredService<SearchIndexes>();
        var sync = a.GetRequiredService<SearchIndexSync>();
        for (var i = 0; i < 600 && !indexes.Vectors.UsesHnsw; i++)
        {
            await sync.SyncAsync(CancellationToken.None);
            await Task.Delay(50);
        }
        Assert.True(indexes.Vectors.UsesHnsw);
        var published = await a.GetRequiredService<IndexSnapshotPublisher>().PublishAsync(Path.Combine(_root, "snapshots"), CancellationToken.None);
        Assert.NotNull(published);
        Assert.Equal(SearchTestPapers.All.Count, published.Manifest.Papers);
        Assert.Equal(SearchTestPapers.All.Count, published.Manifest.Vectors);
        Assert.True(published.Manifest.Graph);
        return a;
    }

    private static List<(string Id, float Score)> Results(SearchIndexes indexes, string query)
    {
        var keyword = indexes.Keyword!.Search(SearchQuery.Parse(query), SearchFilter.None, 20).Hits.Select(h => (h.Id, h.Score));
        var vector = indexes.Vectors.Search(indexes.Embedder.EmbedQuery(query), 5, SearchFilter.None).Select(h => (h.Id, h.Score));
        return [.. keyword, .. vector];
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_new_node_seeds_from_the_snapshot_serves_the_same_results_and_reads_only_the_changes_after_it(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var a = await PublishingNodeAsync(db);

        // After the snapshot: a new paper, another one embedded too, and one of the snapshot's papers hidden.
        var store = a.GetRequiredService<PaperStore>();
        await store.UpsertAsync(Glacier);
        await store.UpsertAsync(Violin);
        await a.GetRequiredService<EmbeddingJob>().RunAsync(CancellationToken.None);
        await using (var connection = await db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE papers SET hidden = @hidden WHERE arxiv_id = @id", new { hidden = true, id = SearchTestPapers.Cats.ArxivId });
        }
        // Node A, at the snapshot's positions, applies exactly the changes since: the count a seeded node must read.
        var since = await a.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);
        Assert.InRange(since, 3, 8);

        await using var b = Node(db, "b");
        var indexes = b.GetRequiredService<SearchIndexes>();
        Assert.Equal(since, await b.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None));
        Assert.True(indexes.Seeded);
        Assert.True(indexes.Vectors.LoadedGraph);
        Assert.Equal(0, indexes.Vectors.HnswBuilds);

        var aIndexes = a.GetRequiredService<SearchIndexes>();
        Assert.Equal(aIndexes.Keyword!.Count, indexes.Keyword!.Count);
        Assert.Equal(aIndexes.Vectors.VisibleCount, indexes.Vectors.VisibleCount);
        foreach (var query in Queries.Append("glacier meltwater").Append("violin varnish"))
        {
            Assert.Equal(Results(aIndexes, query), Results(indexes, query));
        }
        Assert.Equal(Glacier.ArxivId, Results(indexes, "glacier meltwater")[0].Id);
        Assert.DoesNotContain(Results(indexes, "purring cats"), h => h.Id == SearchTestPapers.Cats.ArxivId);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_truncated_snapshot_is_refused_and_the_node_builds_from_the_database(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var a = await PublishingNodeAsync(db);
        var snapshot = Directory.GetDirectories(Path.Combine(_root, "snapshots"), "snapshot-*").Single();
        var largest = Directory.GetFiles(Path.Combine(snapshot, "keyword")).MaxBy(f => new FileInfo(f).Length)!;
        await using (var file = new FileStream(largest, FileMode.Open))
        {
            file.SetLength(file.Length / 2);
        }

        var logs = new LogCapture();
        await using var b = Node(db, "b", logs);
        var indexes = b.GetRequiredService<SearchIndexes>();
        var applied = await b.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);
        Assert.False(indexes.Seeded);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("is damaged", StringComparison.Ordinal)
            && e.Message.Contains(Path.GetFileName(largest), StringComparison.Ordinal));
        // Everything from the database: every paper and every vector, as a node without a snapshot reads them.
        Assert.True(applied >= 2 * SearchTestPapers.All.Count, $"applied {applied}");
        Assert.Empty(Directory.GetDirectories(Path.Combine(_root, "b"), "seeding-*"));
        var aIndexes = a.GetRequiredService<SearchIndexes>();
        Assert.Equal(aIndexes.Keyword!.Count, indexes.Keyword!.Count);
        foreach (var query in Queries)
        {
            Assert.Equal(Results(aIndexes, query).Take(1), Results(indexes, query).Take(1));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await using var cleanup = new TemporaryFolder(_root);
    }
}
