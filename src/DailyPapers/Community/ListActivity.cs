using System.Data.Common;
using Dapper;
using DailyPapers.Feed;
using DailyPapers.Storage;

namespace DailyPapers.Community;

/// <summary>
/// Answers the lists' questions about readers (<see cref="IListActivity"/>) from the tables Community keeps: accounts,
/// comments, authorship claims and votes.
/// </summary>
internal sealed class ListActivityReader : IListActivity
{
    public async Task<long?> AccountIdAsync(DbConnection connection, string handle, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT id FROM users WHERE lower(handle) = lower(@handle)", new { handle }, cancellationToken: ct));

    public async Task<ListActivity> LoadAsync(
        DbConnection connection, IReadOnlyCollection<string> arxivIds, IReadOnlyCollection<long> submitterIds, CancellationToken ct)
    {
        var userIds = submitterIds.Distinct().ToArray();
        var users = userIds.Length == 0
            ? new Dictionary<long, Submitter>()
            : (await connection.QueryAsync<Submitter>(new CommandDefinition(
                $"SELECT id, handle, display_name AS displayname FROM users WHERE {SqlDialect.InList(connection, "id", "userIds")}",
                new { userIds }, cancellationToken: ct)))
                .ToDictionary(u => u.Id);
        var ids = arxivIds.Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0)
        {
            return new ListActivity(users, new Dictionary<string, int>(), Array.Empty<VerifiedAuthor>().ToLookup(_ => "", StringComparer.Ordinal));
        }
        var comments = (await connection.QueryAsync<(string ArxivId, long Count)>(new CommandDefinition(
                $"SELECT arxiv_id, count(*) FROM comments WHERE deleted_at IS NULL AND {SqlDialect.InList(connection, "arxiv_id", "ids")} GROUP BY arxiv_id",
                new { ids }, cancellationToken: ct)))
            .ToDictionary(c => c.ArxivId, c => (int)c.Count, StringComparer.Ordinal);
        var verified = (await connection.QueryAsync<VerifiedRow>(new CommandDefinition(
                "SELECT c.arxiv_id, c.author_position AS position, u.id AS userid, u.handle, u.display_name AS displayname, c.decided_at AS verifiedat " +
                $"FROM author_claims c JOIN users u ON u.id = c.user_id WHERE c.status = 'approved' AND {SqlDialect.InList(connection, "c.arxiv_id", "ids")} " +
                "ORDER BY c.arxiv_id, c.author_position",
                new { ids }, cancellationToken: ct)))
            .ToLookup(v => v.ArxivId, v => new VerifiedAuthor(v.Position, v.UserId, v.Handle, v.DisplayName, v.VerifiedAt), StringComparer.Ordinal);
        return new ListActivity(users, comments, verified);
    }

    public async Task<ILookup<string, DateTime>> VoteTimesAsync(DbConnection connection, IReadOnlyCollection<string> arxivIds, CancellationToken ct)
    {
        var ids = arxivIds.Distinct(StringComparer.Ordinal).ToArray();
        return ids.Length == 0
            ? Array.Empty<(string, DateTime)>().ToLookup(v => v.Item1, v => v.Item2, StringComparer.Ordinal)
            : (await connection.QueryAsync<(string ArxivId, DateTime CreatedAt)>(new CommandDefinition(
                $"SELECT arxiv_id, created_at FROM votes WHERE {SqlDialect.InList(connection, "arxiv_id", "ids")}", new { ids }, cancellationToken: ct)))
                .ToLookup(v => v.ArxivId, v => v.CreatedAt, StringComparer.Ordinal);
    }

    private sealed class VerifiedRow
    {
        public string ArxivId { get; init; } = "";
        public int Position { get; init; }
        public long UserId { get; init; }
        public string Handle { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public DateTime VerifiedAt { get; init; }
    }
}
