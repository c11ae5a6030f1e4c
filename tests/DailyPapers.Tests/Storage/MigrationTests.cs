using Dapper;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DailyPapers.Tests.Storage;

public sealed class MigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrate_applies_every_version_once_and_is_idempotent(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var runner = new MigrationRunner(db.Database, NullLogger<MigrationRunner>.Instance);

        var first = await runner.MigrateAsync();
        var second = await runner.MigrateAsync();

        Assert.Equal(MigrationRunner.Available(db.Provider).Select(m => m.Version), first.Select(m => m.Version));
        Assert.Empty(second);
        Assert.Equal(first.Select(m => m.Version), await runner.AppliedVersionsAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_nodes_migrating_at_once_apply_each_version_exactly_once(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var a = new MigrationRunner(db.Database, NullLogger<MigrationRunner>.Instance);
        var b = new MigrationRunner(db.Database, NullLogger<MigrationRunner>.Instance);

        var results = await Task.WhenAll(a.MigrateAsync(), b.MigrateAsync());

        Assert.Equal(MigrationRunner.Available(db.Provider).Count, results.Sum(r => r.Count));
        await using var connection = await db.Database.OpenAsync();
        Assert.Equal(MigrationRunner.Available(db.Provider).Count, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Sqlite_database_is_in_wal_mode()
    {
        await using var db = await TestDatabase.CreateAsync(nameof(DatabaseProvider.Sqlite));
        await using var connection = await db.Database.OpenAsync();
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_new_sqlite_file_gets_8_KB_pages_and_an_existing_one_keeps_its_own()
    {
        await using var fresh = await TestDatabase.CreateAsync(nameof(DatabaseProvider.Sqlite));
        await using (var connection = await fresh.Database.OpenAsync())
        {
            Assert.Equal(8192, await connection.ExecuteScalarAsync<int>("PRAGMA page_size"));
        }

        // A file made by an earlier release, with 4 KB pages and content: the page size is fixed for good.
        await using var existing = await TestDatabase.CreateAsync(nameof(DatabaseProvider.Sqlite), migrate: false);
        await using (var raw = new SqliteConnection(existing.ConnectionString))
        {
            await raw.OpenAsync();
            await raw.ExecuteAsync("PRAGMA page_size = 4096; CREATE TABLE earlier (x INTEGER); INSERT INTO earlier VALUES (1);");
        }
        await new MigrationRunner(existing.Database, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        await using (var connection = await existing.Database.OpenAsync())
        {
            Assert.Equal(4096, await connection.ExecuteScalarAsync<int>("PRAGMA page_size"));
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT x FROM earlier"));
            Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migration_0009_keeps_the_authors_and_versions_stored_before_it(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var runner = new MigrationRunner(db.Database, NullLogger<MigrationRunner>.Instance);
        await runner.MigrateAsync(targetVersion: 8);
        await using var services = db.Services();
        var store = services.GetRequiredService<PaperStore>();
        var papers = new[] { PaperStoreTests.Sample("2310.06110", versions: 3), PaperStoreTests.Sample("hep-th/9901001", versions: 1, title: "Old style") };
        await OldSchemaPapers.InsertAsync(db.Database, papers);

        Assert.Equal([9], (await runner.MigrateAsync(targetVersion: 9)).Select(m => m.Version));
        await runner.MigrateAsync(); // the store reads the columns of the current schema

        foreach (var paper in papers)
        {
            var stored = await store.GetAsync(paper.ArxivId);
            Assert.NotNull(stored);
            Assert.Equal(paper.Authors, stored.Authors);
            Assert.Equal(paper.Versions, stored.Versions);
        }
        await using var connection = await db.Database.OpenAsync();
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            foreach (var table in (string[])["paper_authors", "paper_versions"])
            {
                Assert.Contains("WITHOUT ROWID", await connection.ExecuteScalarAsync<string>(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = @table", new { table }), StringComparison.Ordinal);
            }
            Assert.Empty(await connection.QueryAsync("PRAGMA foreign_key_check"));
        }
        // The references still hold: deleting a paper takes its authors and versions with it, and a row for a
        // paper that does not exist is refused.
        await connection.ExecuteAsync("DELETE FROM papers WHERE arxiv_id = '2310.06110'");
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM paper_authors WHERE arxiv_id = '2310.06110'"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM paper_versions WHERE arxiv_id = '2310.06110'"));
        Assert.Equal(4, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM paper_authors WHERE arxiv_id = 'hep-th/9901001'"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            connection.ExecuteAsync("INSERT INTO paper_authors (arxiv_id, position, name) VALUES ('0000.00000', 0, 'Nobody')"));
    }

    [Fact]
    public void Both_providers_have_the_same_migration_versions()
    {
        Assert.Equal(
            MigrationRunner.Available(DatabaseProvider.Sqlite).Select(m => (m.Version, m.Name)),
            MigrationRunner.Available(DatabaseProvider.Postgres).Select(m => (m.Version, m.Name)));
    }
}
