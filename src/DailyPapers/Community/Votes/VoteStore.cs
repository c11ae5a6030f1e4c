using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Community.Votes;

/// <summary>What a paper's votes stand at after a vote: its count and whether this reader's vote is in it.</summary>
public sealed record VoteState(int Upvotes, bool Voted);

/// <summary>How many votes a paper had gathered by the end of a day (its seeded count included).</summary>
public sealed record VoteTotal(DateOnly Day, int Upvotes);

/// <summary>A paper's count before any vote cast here (seeded or imported), then its total at the end of each day with votes.</summary>
public sealed record VoteHistory(int Before, IReadOnlyList<VoteTotal> Days);

/// <summary>
/// Upvotes: one row per reader and paper in <c>votes</c>, and <c>papers.upvotes</c> kept equal in the same
/// transaction. The count moves only when the insert or delete really changed a row, so a repeated or
/// concurrent vote can never count twice: the primary key decides, not timing.
/// </summary>
public sealed class VoteStore(Database database, TimeProvider clock)
{
    /// <summary>
    /// Sets this reader's vote on a paper to <paramref name="up"/> (idempotent: two identical requests leave one
    /// vote). Null when the paper is not in the catalogue or is hidden.
    /// </summary>
    public async Task<VoteState?> SetAsync(long userId, string arxivId, bool up, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        var hidden = await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
            "SELECT hidden FROM papers WHERE arxiv_id = @arxivId", new { arxivId }, tx, cancellationToken: ct));
        if (hidden is not false)
        {
            return null;
        }
        var changed = up
            ? await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO votes (user_id, arxiv_id, created_at) VALUES (@userId, @arxivId, @now) ON CONFLICT (user_id, arxiv_id) DO NOTHING",
                new { userId, arxivId, now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct))
            : await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM votes WHERE user_id = @userId AND arxiv_id = @arxivId", new { userId, arxivId }, tx, cancellationToken: ct));
        if (changed > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE papers SET upvotes = CASE WHEN upvotes + @delta < 0 THEN 0 ELSE upvotes + @delta END WHERE arxiv_id = @arxivId",
                new { arxivId, delta = up ? 1 : -1 }, tx, cancellationToken: ct));
        }
        var upvotes = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT upvotes FROM papers WHERE arxiv_id = @arxivId", new { arxivId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new VoteState(upvotes, up);
    }

    /// <summary>Which of <paramref name="arxivIds"/> this reader has voted for.</summary>
    public async Task<IReadOnlySet<string>> VotedAsync(long userId, IReadOnlyCollection<string> arxivIds, CancellationToken ct = default)
    {
        if (arxivIds.Count == 0)
        {
            return new HashSet<string>();
        }
        await using var connection = await database.OpenAsync(ct);
        var ids = arxivIds.Distinct(StringComparer.Ordinal).ToArray();
        var voted = await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT arxiv_id FROM votes WHERE user_id = @userId AND {SqlDialect.InList(connection, "arxiv_id", "ids")}",
            new { userId, ids }, cancellationToken: ct));
        return voted.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every paper this reader has voted for.</summary>
    public async Task<IReadOnlySet<string>> AllVotedAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var voted = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT arxiv_id FROM votes WHERE user_id = @userId", new { userId }, cancellationToken: ct));
        return voted.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The number of vote rows for a paper (without any seeded count).</summary>
    public async Task<int> CountAsync(string arxivId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM votes WHERE arxiv_id = @arxivId", new { arxivId }, cancellationToken: ct));
    }

    /// <summary>
    /// The paper's running total at the end of each day that had votes, oldest first. The count before the first
    /// vote here is what the paper came with (a seeded or imported count), so the last total equals its upvotes.
    /// </summary>
    public async Task<VoteHistory> HistoryAsync(string arxivId, int currentUpvotes, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var times = (await connection.QueryAsync<DateTime>(new CommandDefinition(
            "SELECT created_at FROM votes WHERE arxiv_id = @arxivId ORDER BY created_at", new { arxivId }, cancellationToken: ct))).ToList();
        var before = Math.Max(0, currentUpvotes - times.Count);
        var total = before;
        var history = new List<VoteTotal>();
        foreach (var day in times.GroupBy(t => DateOnly.FromDateTime(t)))
        {
            total += day.Count();
            history.Add(new VoteTotal(day.Key, total));
        }
        return new VoteHistory(before, history);
    }
}
