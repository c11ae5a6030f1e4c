using Dapper;

namespace DailyPapers.Tests.Support;

/// <summary>
/// Today's paper writer on a database migrated only part way (tests of a migration over data stored before it):
/// the side tables the writer fills that later migrations made are made for it, without their references, and
/// dropped again before those migrations run.
/// </summary>
internal static class OlderSchema
{
    public static async Task AddWriterTablesAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE paper_title_keys (arxiv_id text PRIMARY KEY, title_key text)");
    }

    public static async Task DropWriterTablesAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync();
        await connection.ExecuteAsync("DROP TABLE paper_title_keys");
    }
}
