using Dapper;
using DailyPapers.Storage;
using DailyPapers.Tests.Support;
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
    public void Both_providers_have_the_same_migration_versions()
    {
        Assert.Equal(
            MigrationRunner.Available(DatabaseProvider.Sqlite).Select(m => (m.Version, m.Name)),
            MigrationRunner.Available(DatabaseProvider.Postgres).Select(m => (m.Version, m.Name)));
    }
}
