using Dapper;

namespace DailyPapers.Papers;

public sealed partial class PaperStore
{
    /// <summary>How many comments (not deleted) a paper has: <c>numComments</c> in the API.</summary>
    public async Task<int> CommentCountAsync(string arxivId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM comments WHERE arxiv_id = @arxivId AND deleted_at IS NULL", new { arxivId }, cancellationToken: ct));
    }
}
