using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Papers;

/// <summary>
/// Gives the papers a database held before migration 0016 their announcement day, once, from their first version's
/// date (the paper writer sets it for every paper written since). Migration 0016 leaves a cursor in <c>site_state</c>
/// when there were papers; <see cref="CursorBackfill"/> goes through them in arXiv id order. A paper whose first
/// version is not stored keeps no day.
/// </summary>
public sealed class AnnouncementBackfill(Database database, ILogger<AnnouncementBackfill> logger)
{
    public const string CursorKey = "announcement_day_backfill";

    public const int BatchSize = 1000;

    /// <summary>Works through what is left; returns how many papers it read (0 when there was nothing to do).</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var read = await CursorBackfill.RunAsync<(string ArxivId, DateTime? FirstVersion)>(database, CursorKey, BatchSize,
            async (connection, after) => (await connection.QueryAsync<(string, DateTime?)>(new CommandDefinition(
                "SELECT p.arxiv_id, v.created_at FROM papers p LEFT JOIN paper_versions v ON v.arxiv_id = p.arxiv_id AND v.version = 1 " +
                "WHERE p.arxiv_id > @after ORDER BY p.arxiv_id LIMIT @limit",
                new { after, limit = BatchSize }, cancellationToken: ct))).ToList(),
            r => r.ArxivId,
            (connection, tx, rows) => connection.ExecuteAsync(
                "UPDATE papers SET announced_on = @day WHERE arxiv_id = @arxivId AND announced_on IS NULL",
                rows.Where(r => r.FirstVersion is not null)
                    .Select(r => new { arxivId = r.ArxivId, day = ArxivSchedule.AnnouncementDay(r.FirstVersion!.Value) }), tx),
            ct);
        if (read > 0)
        {
            logger.LogInformation("Gave {Count} papers stored before announcement days existed their day", read);
        }
        return read;
    }
}
