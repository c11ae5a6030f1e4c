using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Community.Profiles;

/// <summary>A paper a reader put on a daily list.</summary>
public sealed record SubmittedPaper
{
    public required string ArxivId { get; init; }
    public required string Title { get; init; }
    public required DateOnly ListDate { get; init; }
}

/// <summary>What a reader submitted, for their public profile (hidden papers left out).</summary>
public sealed class SubmissionHistory(Database database)
{
    public async Task<IReadOnlyList<SubmittedPaper>> ForUserAsync(long userId, int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<SubmittedPaper>(new CommandDefinition(
            "SELECT d.arxiv_id, p.title, d.list_date FROM daily_entries d JOIN papers p ON p.arxiv_id = d.arxiv_id " +
            "WHERE d.submitted_by = @userId AND p.hidden = @no ORDER BY d.submitted_at DESC, d.arxiv_id LIMIT @limit",
            new { userId, no = false, limit }, cancellationToken: ct))).ToList();
    }
}
