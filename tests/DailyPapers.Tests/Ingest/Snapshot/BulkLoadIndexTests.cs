using Dapper;
using DailyPapers.Papers;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Ingest.Snapshot;

/// <summary>
/// A bulk load into a database with fewer papers than the file takes the scattered paper indexes off and builds them
/// at its end; an interrupted one leaves them to the next import; an import among many stored papers leaves them be.
/// </summary>
public sealed class BulkLoadIndexTests
{
    /// <summary>The scattered paper indexes that exist, with their definitions.</summary>
    internal static async Task<Dictionary<string, string>> ScatteredIndexesAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync();
        var rows = await connection.QueryAsync<(string Name, string Sql)>(db.Database.IsPostgres
            ? "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ANY(@names)"
            : "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN @names",
            new { names = PaperStore.ScatteredIndexes.ToArray() });
        return rows.ToDictionary(r => r.Name, r => r.Sql);
    }

    /// <summary>How many indexes wait in site_state to be built again.</summary>
    internal static async Task<long> SavedDefinitionsAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM site_state WHERE key LIKE 'deferred_index:%'");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bulk_load_builds_the_indexes_it_took_off_as_they_were_and_a_reimport_duplicates_nothing(string provider)
    {
        await using var rig = await SnapshotTestRig.CreateAsync(provider);
        var before = await ScatteredIndexesAsync(rig.Db);
        var during = new List<int>();
        var seen = new RecordingObserver { AfterCommit = _ => during.Add(ScatteredIndexesAsync(rig.Db).GetAwaiter().GetResult().Count) };
        var file = rig.Replicated(600);

        var result = await rig.Importer.ImportAsync(new(file) { BatchSize = 100 }, seen);
        var (again, _) = await rig.ImportAsync(file, r => r with { BatchSize = 100 });

        Assert.Equal(PaperStore.ScatteredIndexes.Count, before.Count);
        Assert.All(during, n => Assert.Equal(0, n));
        Assert.Equal(before, await ScatteredIndexesAsync(rig.Db));
        Assert.Equal(0, await SavedDefinitionsAsync(rig.Db));
        Assert.Equal((600L, 600L), (result.Totals.Inserted, again.Totals.Unchanged));
        Assert.Equal(600, await rig.Store.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_interrupted_bulk_load_keeps_the_definitions_and_the_next_import_builds_them_before_writing(string provider)
    {
        await using var rig = await SnapshotTestRig.CreateAsync(provider);
        var before = await ScatteredIndexesAsync(rig.Db);
        var file = rig.Replicated(1_000);
        var crashing = new RecordingObserver { AfterCommit = p => { if (p.LastLine >= 500) throw new IOException("simulated crash"); } };

        await Assert.ThrowsAsync<IOException>(() => rig.Importer.ImportAsync(new(file) { BatchSize = 100 }, crashing));
        var afterCrash = await ScatteredIndexesAsync(rig.Db);
        var saved = await SavedDefinitionsAsync(rig.Db);
        var during = new List<int>();
        var resuming = new RecordingObserver { AfterCommit = _ => during.Add(ScatteredIndexesAsync(rig.Db).GetAwaiter().GetResult().Count) };
        var resumed = await rig.Importer.ImportAsync(new(file) { BatchSize = 100 }, resuming);

        Assert.Empty(afterCrash);
        Assert.Equal(PaperStore.ScatteredIndexes.Count, saved);
        Assert.Equal(501, resumed.ResumedAtLine);
        // 500 stored papers against a file of 500 lines left: not a bulk load, so the indexes come back first.
        Assert.NotEmpty(during);
        Assert.All(during, n => Assert.Equal(PaperStore.ScatteredIndexes.Count, n));
        Assert.Equal(before, await ScatteredIndexesAsync(rig.Db));
        Assert.Equal(0, await SavedDefinitionsAsync(rig.Db));
        Assert.Equal(1_000, await rig.Store.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task New_papers_among_more_stored_ones_are_written_with_the_indexes_in_place(string provider)
    {
        await using var rig = await SnapshotTestRig.CreateAsync(provider);
        var all = rig.Replicated(1_200, "all.jsonl");
        await rig.ImportAsync(all, r => r with { Limit = 1_000 });
        var during = new List<int>();
        var seen = new RecordingObserver { AfterCommit = _ => during.Add(ScatteredIndexesAsync(rig.Db).GetAwaiter().GetResult().Count) };

        var result = await rig.Importer.ImportAsync(new(all) { BatchSize = 100 }, seen);

        Assert.NotEmpty(during);
        Assert.All(during, n => Assert.Equal(PaperStore.ScatteredIndexes.Count, n));
        Assert.Equal((200L, 1_000L), (result.Totals.Inserted, result.Totals.Unchanged));
        Assert.Equal(1_200, await rig.Store.CountAsync());
    }
}
