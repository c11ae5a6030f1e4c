using Dapper;
using DailyPapers.Ingest.Snapshot;
using DailyPapers.Search;
using DailyPapers.Search.Sync;
using DailyPapers.Tests.Ingest.Snapshot;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Search;

/// <summary>
/// A node catching up with a backlog (here an import of 4,500 papers: two full pages of changes and a part page)
/// indexes full pages on two threads and commits after the first page, then every
/// <see cref="SearchOptions.CatchUpCommitInterval"/> changes and at the end.
/// </summary>
public sealed class BulkCatchUpTests : IDisposable
{
    private const int Papers = 4_500;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dailypapers-bulk-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_threads_build_the_index_one_thread_builds_and_a_node_stopped_after_a_commit_continues_from_it(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var file = Path.Combine(_folder, "snapshot.jsonl");
        Directory.CreateDirectory(_folder);
        SnapshotFiles.Replicate(SnapshotFiles.Head200Fixture, file, Papers);
        await using (var services = db.Services())
        {
            var imported = await ActivatorUtilities.CreateInstance<SnapshotImporter>(services).ImportAsync(new SnapshotImportRequest(file), new RecordingObserver());
            Assert.Equal(Papers, imported.Totals.Inserted);
        }

        await using var oneThread = Node(db, "one", threads: 1);
        Assert.Equal(Papers, await oneThread.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None));

        // Two threads; the node stops right after its second commit (first page, then 2,000 more), as a crash there would.
        await using (var stopped = Node(db, "two", threads: 2, new StopAtCommitLog()))
        {
            // The logging framework wraps what a logger throws.
            var stop = await Assert.ThrowsAsync<AggregateException>(() => stopped.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None));
            Assert.IsType<StopAtCommitLog.Stopped>(stop.InnerException);
        }
        await using var twoThreads = Node(db, "two", threads: 2);
        var sync = twoThreads.GetRequiredService<SearchIndexSync>();
        Assert.Equal(Papers - 4_000, await sync.SyncAsync(CancellationToken.None));   // only what came after that commit
        Assert.Equal(0, await sync.SyncAsync(CancellationToken.None));

        var (one, two) = (oneThread.GetRequiredService<SearchIndexes>(), twoThreads.GetRequiredService<SearchIndexes>());
        Assert.Equal(Papers, two.Keyword!.Count);
        Assert.Equal(one.PaperCursor.Seq, two.PaperCursor.Seq);
        Assert.Equal(one.PaperCursor.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), two.Keyword.CommitData["cursor"].Split('/')[0]);
        foreach (var query in new[] { "neural network", "quantum", "\"dark matter\"", "graph theory lattice", "au:smith", "cat:hep-th", "the" })
        {
            // Every hit with its score: the same papers score the same in both indexes (ties may come in another order).
            Assert.Equal(Hits(one, query), Hits(two, query));
        }
    }

    /// <summary>
    /// A node whose index is empty adds each paper without a delete term (<see cref="DailyPapers.Search.Keyword.KeywordIndex.Add"/>) and skips
    /// hidden or deleted papers it never had; a node that already holds papers updates and deletes. Both end with the
    /// same index: the same papers, every hit with the same score.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_build_from_an_empty_index_gives_the_index_that_updates_and_deletes_give(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        Directory.CreateDirectory(_folder);
        var (all, first) = (Path.Combine(_folder, "all.jsonl"), Path.Combine(_folder, "first.jsonl"));
        SnapshotFiles.Replicate(SnapshotFiles.Head200Fixture, all, Papers);
        File.WriteAllLines(first, File.ReadLines(all).Take(2_100));
        await ImportAsync(db, first);

        // One node indexes the first 2,100 papers; the rest arrive later, three of them hidden or deleted before it looks again.
        await using var updating = Node(db, "updating", threads: 2);
        var sync = updating.GetRequiredService<SearchIndexSync>();
        Assert.Equal(2_100, await sync.SyncAsync(CancellationToken.None));
        await ImportAsync(db, all);
        var gone = new[] { SnapshotFiles.MadeUpId(2_500), SnapshotFiles.MadeUpId(3_000), SnapshotFiles.MadeUpId(4_499) };
        await using (var connection = await db.Database.OpenAsync())
        {
            foreach (var id in gone[..2])
            {
                await connection.ExecuteAsync("UPDATE papers SET hidden = @hidden WHERE arxiv_id = @id", new { hidden = true, id });
            }
            await connection.ExecuteAsync("DELETE FROM papers WHERE arxiv_id = @id", new { id = gone[2] });
        }
        await sync.SyncAsync(CancellationToken.None);

        // Another node builds its index from an empty folder in one catch-up.
        await using var fresh = Node(db, "fresh", threads: 2);
        await fresh.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);

        var (a, b) = (updating.GetRequiredService<SearchIndexes>(), fresh.GetRequiredService<SearchIndexes>());
        Assert.Equal(Papers - gone.Length, a.Keyword!.Count);
        Assert.Equal(Papers - gone.Length, b.Keyword!.Count);
        foreach (var query in new[] { "neural network", "quantum", "\"dark matter\"", "graph theory lattice", "au:smith", "cat:hep-th", "the" })
        {
            Assert.Equal(Hits(a, query), Hits(b, query));
        }
        var everything = Hits(b, "the").Select(h => h.Item1).ToHashSet();
        Assert.DoesNotContain(everything, gone.Contains);
    }

    /// <summary>
    /// After a backlog of at least <see cref="SearchOptions.MergeAfterBacklog"/> changes the keyword index is merged
    /// down to one segment in the background and committed by the next sync: the same hits with the same scores as the
    /// index of several segments, and one segment still after a restart.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task After_a_backlog_the_index_is_merged_down_to_one_segment_and_kept(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        Directory.CreateDirectory(_folder);
        var file = Path.Combine(_folder, "all.jsonl");
        SnapshotFiles.Replicate(SnapshotFiles.Head200Fixture, file, Papers);
        await ImportAsync(db, file);
        await using var several = Node(db, "several", threads: 2);
        await several.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);
        Assert.True(Segments("several") > 1);

        await using (var merging = Node(db, "merged", threads: 2, mergeAfter: Papers))
        {
            var sync = merging.GetRequiredService<SearchIndexSync>();
            Assert.Equal(Papers, await sync.SyncAsync(CancellationToken.None));
            var indexes = merging.GetRequiredService<SearchIndexes>();
            var version = indexes.Keyword!.Version;
            indexes.Keyword.Writer.WaitForMerges();
            Assert.Equal(0, await sync.SyncAsync(CancellationToken.None));   // nothing new: the merge alone is committed
            Assert.True(indexes.Keyword.Version > version);
            Assert.Equal(1, Segments("merged"));
            foreach (var query in new[] { "neural network", "quantum", "\"dark matter\"", "au:smith", "the" })
            {
                Assert.Equal(Hits(several.GetRequiredService<SearchIndexes>(), query), Hits(indexes, query));
            }
        }
        await using var restarted = Node(db, "merged", threads: 2, mergeAfter: Papers);
        Assert.Equal(0, await restarted.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None));
        Assert.Equal(Papers, restarted.GetRequiredService<SearchIndexes>().Keyword!.Count);
        Assert.Equal(1, Segments("merged"));
    }

    /// <summary>
    /// A backlog's next page is read while one is indexed. One that cannot be read (here a row whose date is not a date,
    /// which only SQLite's untyped columns can hold) stops the catch-up with the reading's own error, after the pages
    /// before it were applied and committed; once the row is mended, the next sync goes on from there, and every paper
    /// is in the index once.
    /// </summary>
    [Fact]
    public async Task A_page_read_ahead_that_cannot_be_read_stops_the_catch_up_with_its_own_error_and_the_next_sync_goes_on()
    {
        await using var db = await TestDatabase.CreateAsync(nameof(DailyPapers.Storage.DatabaseProvider.Sqlite));
        Directory.CreateDirectory(_folder);
        var file = Path.Combine(_folder, "all.jsonl");
        SnapshotFiles.Replicate(SnapshotFiles.Head200Fixture, file, Papers);
        await ImportAsync(db, file);
        // Changing the row moves it to the end of the change feed: into the third page (changes 4,001 to 4,500).
        var broken = SnapshotFiles.MadeUpId(10);
        string date;
        await using (var connection = await db.Database.OpenAsync())
        {
            date = await connection.ExecuteScalarAsync<string>("SELECT published_at FROM papers WHERE arxiv_id = @broken", new { broken }) ?? "";
            await connection.ExecuteAsync("UPDATE papers SET published_at = 'not a date' WHERE arxiv_id = @broken", new { broken });
        }

        await using var node = Node(db, "node", threads: 2);
        var sync = node.GetRequiredService<SearchIndexSync>();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => sync.SyncAsync(CancellationToken.None));
        // Dapper's error names the column and the value it could not read.
        Assert.IsType<System.Data.DataException>(failure);
        Assert.Contains("published_at", failure.Message, StringComparison.Ordinal);
        var indexes = node.GetRequiredService<SearchIndexes>();
        Assert.Equal(4_000, indexes.Keyword!.Count);

        await using (var connection = await db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE papers SET published_at = @date WHERE arxiv_id = @broken", new { date, broken });
        }
        Assert.Equal(Papers - 4_000, await sync.SyncAsync(CancellationToken.None));
        Assert.Equal(Papers, indexes.Keyword.Count);   // the third page's 500 once each, the mended paper among them
    }

    private int Segments(string node)
    {
        using var directory = Lucene.Net.Store.FSDirectory.Open(Path.Combine(_folder, node));
        using var reader = Lucene.Net.Index.DirectoryReader.Open(directory);
        return reader.Leaves.Count;
    }

    [Fact]
    public void A_fresh_build_takes_an_id_as_new_once()
    {
        var fresh = new FreshBuild();
        Assert.True(fresh.FirstTime("2401.00001"));
        Assert.True(fresh.FirstTime("2401.00002"));
        Assert.False(fresh.FirstTime("2401.00001"));
    }

    private static async Task ImportAsync(TestDatabase db, string file)
    {
        await using var services = db.Services();
        await ActivatorUtilities.CreateInstance<SnapshotImporter>(services).ImportAsync(new SnapshotImportRequest(file), new RecordingObserver());
    }

    private static List<(string, float)> Hits(SearchIndexes indexes, string query) =>
        indexes.Keyword!.Search(SearchQuery.Parse(query), SearchFilter.None, Papers).Hits
            .Select(h => (h.Id, h.Score)).OrderBy(h => h.Id, StringComparer.Ordinal).ToList();

    private ServiceProvider Node(TestDatabase db, string name, int threads, ILoggerProvider? logger = null, int mergeAfter = 0) =>
        db.Services(configure: s =>
        {
            s.Configure<SearchOptions>(o =>
            {
                o.IndexPath = Path.Combine(_folder, name);
                o.IndexThreads = threads;
                o.CatchUpCommitInterval = 2_000;
                o.MergeAfterBacklog = mergeAfter;
            });
            if (logger is not null)
            {
                s.AddSingleton(logger);
            }
        });

    /// <summary>Throws from the log line the sync writes after a commit of a catch-up past its first page.</summary>
    private sealed class StopAtCommitLog : ILoggerProvider, ILogger
    {
        public sealed class Stopped : Exception;

        public ILogger CreateLogger(string categoryName) => categoryName == typeof(SearchIndexSync).FullName ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (formatter(state, exception).StartsWith("Search index: applied", StringComparison.Ordinal))
            {
                throw new Stopped();
            }
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public void Dispose()
        {
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
