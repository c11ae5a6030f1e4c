using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Recommendations;

/// <summary>
/// "Not interested" marks (table <c>not_interested</c>): one row per reader and paper. The next ranking for the
/// reader reads them, so a mark moves the paper (and papers like it) down at once.
/// </summary>
public sealed class NotInterestedStore(Database database, TimeProvider clock)
{
    /// <summary>
    /// Marks or unmarks a paper for a reader (idempotent). False when the paper is not in the catalogue or hidden
    /// (unmarking always succeeds).
    /// </summary>
    public async Task<bool> SetAsync(long userId, string arxivId, bool notInterested, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        if (!notInterested)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM not_interested WHERE user_id = @userId AND arxiv_id = @arxivId", new { userId, arxivId }, cancellationToken: ct));
            return true;
        }
        // One statement: a paper deleted or hidden meanwhile gets no row, and a repeated mark keeps the first time.
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO not_interested (user_id, arxiv_id, created_at) SELECT @userId, arxiv_id, @now FROM papers " +
            "WHERE arxiv_id = @arxivId AND hidden = @no ON CONFLICT (user_id, arxiv_id) DO NOTHING",
            new { userId, arxivId, now = clock.GetUtcNow().UtcDateTime, no = false }, cancellationToken: ct));
        return inserted > 0 || await IsMarkedAsync(connection, userId, arxivId, ct);
    }

    /// <summary>The papers this reader marked, newest mark first.</summary>
    public async Task<IReadOnlyList<string>> ForReaderAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT arxiv_id FROM not_interested WHERE user_id = @userId ORDER BY created_at DESC, arxiv_id",
            new { userId }, cancellationToken: ct))).ToList();
    }

    private static async Task<bool> IsMarkedAsync(System.Data.Common.DbConnection connection, long userId, string arxivId, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM not_interested WHERE user_id = @userId AND arxiv_id = @arxivId", new { userId, arxivId }, cancellationToken: ct)) > 0;
}
