using Dapper;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Papers;

/// <summary>
/// Batch upserts (imports, harvests) keep the change feed and the content version right: on SQLite they number
/// their inserted papers themselves (migration 0008), so this checks what the triggers used to guarantee.
/// </summary>
public sealed class BatchChangeFeedTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Batch_inserts_and_updates_take_new_distinct_change_numbers_and_move_the_content_version(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var store = services.GetRequiredService<PaperStore>();
        var version = services.GetRequiredService<ContentVersion>();
        await store.UpsertAsync(PaperStoreTests.Sample("2401.00100"));
        var before = await MaxSeqAsync(db);
        var versionBefore = await version.CurrentAsync();

        var batch = Enumerable.Range(1, 40).Select(i => PaperStoreTests.Sample($"2401.{i:00000}", title: $"Paper {i}")).ToList();
        await store.UpsertBatchAsync(batch);

        await using var connection = await db.Database.OpenAsync();
        var seqs = (await connection.QueryAsync<long>(
            "SELECT change_seq FROM papers WHERE arxiv_id <> '2401.00100'")).ToList();
        Assert.Equal(40, seqs.Count);
        Assert.Equal(40, seqs.Distinct().Count());
        Assert.All(seqs, s => Assert.True(s > before, $"{s} is not after {before}"));
        Assert.True(await version.CurrentAsync() > versionBefore);

        // An update through a batch moves the paper past everything before it, and the version again.
        var afterInsert = await MaxSeqAsync(db);
        var versionAfterInsert = await version.CurrentAsync();
        await store.UpsertBatchAsync([PaperStoreTests.Sample("2401.00007", versions: 2, title: "Paper 7, revised")]);
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT change_seq FROM papers WHERE arxiv_id = '2401.00007'") > afterInsert);
        Assert.True(await version.CurrentAsync() > versionAfterInsert);

        // A single insert after the batch is numbered after it too.
        await store.UpsertAsync(PaperStoreTests.Sample("2401.00200"));
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT change_seq FROM papers WHERE arxiv_id = '2401.00200'") > await connection.ExecuteScalarAsync<long>("SELECT change_seq FROM papers WHERE arxiv_id = '2401.00007'"));
    }

    private static async Task<long> MaxSeqAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT MAX(change_seq) FROM papers");
    }
}
