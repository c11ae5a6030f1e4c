using System.Data.Common;
using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Community.Moderation;

/// <summary>One line of the audit log.</summary>
public sealed record ModerationEntry
{
    public required long Id { get; init; }
    public required string ModeratorHandle { get; init; }
    public required string Action { get; init; }
    public required string Target { get; init; }
    public string? Reason { get; init; }
    public required DateTime CreatedAt { get; init; }
}

/// <summary>The audit log of moderator actions, and hiding papers (the one action no other store owns).</summary>
public sealed class ModerationStore(Database database, TimeProvider clock)
{
    /// <summary>
    /// Applies a moderator's change and writes its audit line in one transaction: both happen or neither.
    /// Returns false (and writes nothing) when <paramref name="change"/> says there was nothing to change.
    /// </summary>
    public async Task<bool> ActAsync(
        long moderatorId, string action, string target, string? reason, Func<DbConnection, DbTransaction, Task<bool>> change, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        if (!await change(connection, tx))
        {
            await tx.RollbackAsync(ct);
            return false;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO moderation_log (moderator_id, action, target, reason, created_at) VALUES (@moderatorId, @action, @target, @reason, @now)",
            new { moderatorId, action, target, reason, now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<ModerationEntry>> ListAsync(int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<ModerationEntry>(new CommandDefinition(
            "SELECT l.id, u.handle AS moderatorhandle, l.action, l.target, l.reason, l.created_at FROM moderation_log l JOIN users u ON u.id = l.moderator_id " +
            "ORDER BY l.created_at DESC, l.id DESC LIMIT @limit", new { limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>Hides a paper from every list and page (or shows it again); false when there is no such paper.</summary>
    public static async Task<bool> SetHiddenAsync(DbConnection connection, DbTransaction tx, string arxivId, bool hidden, CancellationToken ct = default) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE papers SET hidden = @hidden WHERE arxiv_id = @arxivId", new { arxivId, hidden }, tx, cancellationToken: ct)) > 0;
}
