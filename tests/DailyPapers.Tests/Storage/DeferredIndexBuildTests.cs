using System.Diagnostics;
using DailyPapers.Community.Accounts;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Ingest.Snapshot;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static DailyPapers.Tests.Ingest.Snapshot.BulkLoadIndexTests;

namespace DailyPapers.Tests.Storage;

/// <summary>
/// A bulk load killed and never run again leaves the title-key and DOI indexes off; a web node that starts then builds
/// them (after it has started, under the lock an import holds), says so on <c>/admin/status</c>, and leaves them to a
/// running import.
/// </summary>
public sealed class DeferredIndexBuildTests
{
    /// <summary>A database with papers whose bulk load was killed: the indexes dropped, their definitions in site_state.</summary>
    private static async Task<(TestDatabase Db, Dictionary<string, string> Before)> KilledBulkLoadAsync(string provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        await using (var services = db.Services())
        {
            await services.GetRequiredService<PaperStore>().UpsertBatchAsync(
                Enumerable.Range(1, 40).Select(i => PaperStoreTests.Sample($"2401.{i:00000}", title: $"A paper on topic {i}")).ToList());
        }
        var before = await ScatteredIndexesAsync(db);
        await using var connection = await db.Database.OpenAsync();
        await DeferredIndexes.DropAsync(db.Database, connection, PaperStore.ScatteredIndexes);
        Assert.Empty(await ScatteredIndexesAsync(db));
        Assert.Equal(PaperStore.ScatteredIndexes.Count, before.Count);
        return (db, before);
    }

    private static async Task<string> DeferredFigureAsync(AccountsSite site)
    {
        var admin = await site.SignedInAsync($"admin-{Guid.NewGuid():N}@example.org", UserRole.Admin);
        var page = await AccountsSite.ParseAsync(await admin.GetAsync("/admin/status"));
        return page.QuerySelector("#database [data-figure=deferred-indexes]")?.TextContent ?? "(no database section)";
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_node_that_starts_after_a_killed_bulk_load_builds_the_indexes_as_they_were(string provider)
    {
        var (db, before) = await KilledBulkLoadAsync(provider);
        await using var owned = db;
        Assert.Equal(PaperStore.ScatteredIndexes.Count, await SavedDefinitionsAsync(db));

        await using var site = await AccountsSite.StartAsync(provider, sharedDb: db);
        var build = site.Services.GetRequiredService<DeferredIndexBuild>();
        var waited = Stopwatch.StartNew();
        while (build.Current.Built.Count < PaperStore.ScatteredIndexes.Count)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "The node did not build the indexes within 60 s.");
            await Task.Delay(50);
        }

        Assert.Equal(before, await ScatteredIndexesAsync(db));
        Assert.Equal(0, await SavedDefinitionsAsync(db));
        Assert.Equal(PaperStore.ScatteredIndexes.Order(), build.Current.Built.Select(b => b.Name).Order());
        Assert.StartsWith("none", await DeferredFigureAsync(site), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task While_an_import_holds_the_lock_the_node_leaves_the_indexes_to_it_and_says_they_are_pending(string provider)
    {
        var (db, before) = await KilledBulkLoadAsync(provider);
        await using var owned = db;
        // What a running import holds for its whole run (SnapshotImporter), from another connection (PostgreSQL) or file handle (SQLite).
        var import = await AdvisoryLock.TryTakeAcrossProcessesAsync(db.Database, DeferredIndexes.LockKey);
        Assert.NotNull(import);

        await using var site = await AccountsSite.StartAsync(provider, sharedDb: db);
        var build = site.Services.GetRequiredService<DeferredIndexBuild>();
        Assert.False(await build.RunOnceAsync());
        var pending = await DeferredFigureAsync(site);
        Assert.Empty(await ScatteredIndexesAsync(db));
        Assert.Equal(PaperStore.ScatteredIndexes.Count, await SavedDefinitionsAsync(db));

        await import.DisposeAsync();
        Assert.True(await build.RunOnceAsync());

        Assert.Contains("an import is running", pending, StringComparison.Ordinal);
        Assert.All(PaperStore.ScatteredIndexes, name => Assert.Contains(name, pending, StringComparison.Ordinal));
        Assert.Equal(before, await ScatteredIndexesAsync(db));
        Assert.Equal(0, await SavedDefinitionsAsync(db));
        Assert.StartsWith("none", await DeferredFigureAsync(site), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_import_waits_while_a_node_builds_the_indexes_and_goes_on_once_it_is_done(string provider)
    {
        await using var rig = await SnapshotTestRig.CreateAsync(provider);
        var before = await ScatteredIndexesAsync(rig.Db);
        var node = await AdvisoryLock.TryTakeAcrossProcessesAsync(rig.Db.Database, DeferredIndexes.LockKey);
        Assert.NotNull(node);
        var seen = new RecordingObserver();

        var import = rig.Importer.ImportAsync(new(rig.Replicated(300)) { BatchSize = 100 }, seen);
        await seen.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var storedWhileWaiting = await rig.Store.CountAsync();
        await node.DisposeAsync();
        var result = await import;

        Assert.Equal(0, storedWhileWaiting);
        Assert.Equal(300, result.Totals.Inserted);
        Assert.Equal(before, await ScatteredIndexesAsync(rig.Db));
    }
}
