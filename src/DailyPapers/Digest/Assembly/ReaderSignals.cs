using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Digest.Assembly;

/// <summary>What a reader has shown they like: the papers they upvoted and the papers in their collections.</summary>
public sealed class ReaderSignals(Database database)
{
    public async Task<IReadOnlyList<string>> LikedAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT arxiv_id FROM votes WHERE user_id = @userId " +
            "UNION SELECT i.arxiv_id FROM collection_items i JOIN collections c ON c.id = i.collection_id WHERE c.user_id = @userId",
            new { userId }, cancellationToken: ct));
        return ids.Order(StringComparer.Ordinal).ToList();
    }
}
