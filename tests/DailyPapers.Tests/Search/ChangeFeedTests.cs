using Dapper;
using DailyPapers.Papers;
using DailyPapers.Search.Sync;
using DailyPapers.Storage;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

public sealed class ChangeFeedTests
{
    private static readonly ChangeFeed.Source[] PaperSources = [new("papers"), new("paper_tombstones")];

    private static Task<(IReadOnlyList<string> Ids, ChangeCursor Next, bool More)> ReadAsync(Database database, ChangeCursor cursor, int limit = 100) =>
        ChangeFeed.InSnapshotAsync(database, (c, tx) => ChangeFeed.ReadAsync(c, tx, PaperSources, cursor, new { }, limit, CancellationToken.None), CancellationToken.None);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Inserts_updates_and_deletes_appear_once_each_in_order(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var store = services.GetRequiredService<PaperStore>();
        foreach (var p in SearchTestPapers.All)
        {
            await store.UpsertAsync(p);
        }

        var (first, cursor, more) = await ReadAsync(db.Database, ChangeCursor.Start, limit: 3);
        Assert.True(more);
        var (rest, cursor2, more2) = await ReadAsync(db.Database, cursor, limit: 3);
        Assert.False(more2);
        Assert.Equal(SearchTestPapers.All.Select(p => p.ArxivId).Order(), first.Concat(rest).Order());
        Assert.Empty((await ReadAsync(db.Database, cursor2)).Ids);

        await store.UpsertAsync(SearchTestPapers.Bread with { Abstract = "Rewritten.", Versions = [new PaperVersion(2, DateTime.UtcNow)] });
        await using (var connection = await db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM papers WHERE arxiv_id = @id", new { id = SearchTestPapers.Cats.ArxivId });
        }
        var (changed, cursor3, _) = await ReadAsync(db.Database, cursor2);
        Assert.Equal([SearchTestPapers.Bread.ArxivId, SearchTestPapers.Cats.ArxivId], changed);
        Assert.Empty((await ReadAsync(db.Database, cursor3)).Ids);
    }

    /// <summary>The numbering does not rewrite papers or move the content version more than the change itself does.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Numbering_a_change_moves_the_content_version_once(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var store = services.GetRequiredService<PaperStore>();
        var version = services.GetRequiredService<ContentVersion>();

        var before = await version.CurrentAsync();
        await store.UpsertAsync(SearchTestPapers.Cats);
        var afterInsert = await version.CurrentAsync();
        await store.UpsertAsync(SearchTestPapers.Cats with { Abstract = "Changed.", Versions = [new PaperVersion(2, DateTime.UtcNow)] });
        var afterUpdate = await version.CurrentAsync();

        Assert.Equal(1, afterInsert - before);
        Assert.Equal(1, afterUpdate - afterInsert);
        await using var connection = await db.Database.OpenAsync();
        var seqs = (await connection.QueryAsync<long>("SELECT change_seq FROM papers")).ToList();
        Assert.Single(seqs);
        Assert.True(seqs[0] > 0);
    }

    /// <summary>
    /// A vote changes nothing an index holds: it moves the content version (pages show the count) but gives the paper no
    /// new place in the feed, so nodes under steady voting do not re-index. Hiding it, which the indexes read, does.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_vote_moves_the_content_version_but_not_the_search_feed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        await services.GetRequiredService<PaperStore>().UpsertAsync(SearchTestPapers.Cats);
        var version = services.GetRequiredService<ContentVersion>();
        var (_, cursor, _) = await ReadAsync(db.Database, ChangeCursor.Start);
        var before = await version.CurrentAsync();

        await using (var connection = await db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE papers SET upvotes = upvotes + 1 WHERE arxiv_id = @id", new { id = SearchTestPapers.Cats.ArxivId });
        }

        Assert.True(await version.CurrentAsync() > before);
        var (voted, afterVote, _) = await ReadAsync(db.Database, cursor);
        Assert.Empty(voted);

        await using (var connection = await db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE papers SET hidden = @hidden WHERE arxiv_id = @id", new { hidden = true, id = SearchTestPapers.Cats.ArxivId });
        }

        Assert.Equal([SearchTestPapers.Cats.ArxivId], (await ReadAsync(db.Database, afterVote)).Ids);
    }

    /// <summary>
    /// A change whose transaction commits after a reader moved past its sequence number is still read. On
    /// PostgreSQL: the fast transaction takes number n and stays open; the slow one takes n + 1 and commits; the reader
    /// sees n + 1 while n is still uncommitted. SQLite has one writer at a time.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_change_committed_late_is_not_skipped(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var store = services.GetRequiredService<PaperStore>();
        await store.UpsertAsync(SearchTestPapers.Cats);
        var (_, cursor, _) = await ReadAsync(db.Database, ChangeCursor.Start);

        await using var slow = await db.Database.OpenAsync();
        await using var slowTx = await db.Database.BeginWriteAsync(slow);
        await store.UpsertAsync(slow, slowTx, SearchTestPapers.Quantum);
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            Assert.Empty((await ReadAsync(db.Database, cursor)).Ids);
            await slowTx.CommitAsync();
            Assert.Equal([SearchTestPapers.Quantum.ArxivId], (await ReadAsync(db.Database, cursor)).Ids);
            return;
        }

        await using var fast = await db.Database.OpenAsync();
        await using var fastTx = await db.Database.BeginWriteAsync(fast);
        await store.UpsertAsync(fast, fastTx, SearchTestPapers.Bread);            // numbered now, committed last
        await store.UpsertAsync(slow, slowTx, SearchTestPapers.Volcano);          // a higher number
        await slowTx.CommitAsync();

        var (seen, afterSlow, _) = await ReadAsync(db.Database, cursor);
        Assert.Equal([SearchTestPapers.Quantum.ArxivId, SearchTestPapers.Volcano.ArxivId], seen.Order());
        await using (var c = await db.Database.OpenAsync())
        {
            var breadSeq = await c.ExecuteScalarAsync<long?>("SELECT change_seq FROM papers WHERE arxiv_id = @id", new { id = SearchTestPapers.Bread.ArxivId });
            Assert.Null(breadSeq); // not committed yet
        }
        await fastTx.CommitAsync();

        var (late, afterFast, _) = await ReadAsync(db.Database, afterSlow);
        Assert.Equal([SearchTestPapers.Bread.ArxivId], late);
        await using (var c = await db.Database.OpenAsync())
        {
            // The point of the test: the late change's number is below the position the reader had reached.
            var breadSeq = await c.ExecuteScalarAsync<long>("SELECT change_seq FROM papers WHERE arxiv_id = @id", new { id = SearchTestPapers.Bread.ArxivId });
            Assert.True(breadSeq < afterSlow.Seq, $"{breadSeq} < {afterSlow.Seq}");
        }
        Assert.Empty((await ReadAsync(db.Database, afterFast)).Ids);
    }
}
