using System.Diagnostics;
using Dapper;
using DailyPapers.Storage;
using DailyPapers.Tests.Support;
using Npgsql;

namespace DailyPapers.Tests.Storage;

/// <summary>
/// PostgreSQL: the content version moves once per writing transaction, at its commit, so one transaction that wrote and
/// has not ended yet holds no other writer back (every node's votes used to queue on the version's row). SQLite has one
/// writer at a time whatever the version does, so there is nothing to show there.
/// </summary>
public sealed class ContentVersionTests
{
    [Fact]
    public async Task A_write_under_way_holds_no_other_back_and_each_commit_moves_the_version_once()
    {
        await using var db = await TestDatabase.CreateAsync("Postgres");
        var version = new ContentVersion(db.Database);
        await using (var setup = await db.Database.OpenAsync())
        {
            await setup.ExecuteAsync(
                "INSERT INTO users (handle, display_name, email, created_at) VALUES ('first', 'First', 'first@example.org', now()), ('second', 'Second', 'second@example.org', now())");
        }
        var before = await version.CurrentAsync();

        await using var first = (NpgsqlConnection)await db.Database.OpenAsync();
        await using var underWay = await first.BeginTransactionAsync();
        // Two writes in one transaction, each to a table whose changes move the version.
        await first.ExecuteAsync("UPDATE users SET display_name = 'First, renamed' WHERE handle = 'first'", transaction: underWay);
        await first.ExecuteAsync("UPDATE users SET display_name = 'First, renamed again' WHERE handle = 'first'", transaction: underWay);

        await using var second = (NpgsqlConnection)await db.Database.OpenAsync();
        var secondPid = await second.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");
        var other = second.ExecuteAsync("UPDATE users SET display_name = 'Second, renamed' WHERE handle = 'second'");
        await using (var watcher = await db.Database.OpenAsync())
        {
            var waited = Stopwatch.StartNew();
            while (!other.IsCompleted)
            {
                var waiting = await watcher.ExecuteScalarAsync<string?>("SELECT wait_event_type FROM pg_stat_activity WHERE pid = @secondPid", new { secondPid });
                Assert.True(waiting != "Lock", "The second writer waits for a lock the first transaction holds though it wrote nothing the second reads.");
                Assert.True(waited.Elapsed < TimeSpan.FromMinutes(1), "The second writer neither finished nor waited for a lock in a minute.");
                await Task.Delay(10);
            }
        }
        await other;
        Assert.Equal(before + 1, await version.CurrentAsync());

        await underWay.CommitAsync();

        Assert.Equal(before + 2, await version.CurrentAsync());
    }
}
