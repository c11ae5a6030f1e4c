using Dapper;

namespace DailyPapers.Digest.Delivery;

/// <summary>A digest that did not go out, or not yet: refused, bounced, failed for good, or queued again after an error.</summary>
public sealed record OutboxFailure
{
    public long Id { get; init; }
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    public DateTime CreatedAt { get; init; }
}

public sealed partial class DigestOutbox
{
    /// <summary>Every status a digest can have, in the order of its life.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["queued", "sent", "empty", "bounced", "rejected", "failed", "cancelled", "expired"];

    /// <summary>How many digests have each status (all periods; every status present, 0 when none).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(
            "SELECT status, COUNT(*) FROM digest_outbox GROUP BY status", cancellationToken: ct));
        var counts = Statuses.ToDictionary(s => s, _ => 0L, StringComparer.Ordinal);
        foreach (var (status, count) in rows)
        {
            counts[status] = count;
        }
        return counts;
    }

    /// <summary>The newest digests the relay refused, that bounced or failed, or that wait for a retry after an error.</summary>
    public async Task<IReadOnlyList<OutboxFailure>> RecentFailuresAsync(int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<OutboxFailure>(new CommandDefinition(
            "SELECT id, status, attempts, last_error, created_at FROM digest_outbox " +
            "WHERE status IN ('bounced', 'rejected', 'failed') OR (status = 'queued' AND last_error IS NOT NULL) ORDER BY id DESC LIMIT @limit",
            new { limit }, cancellationToken: ct))).ToList();
    }
}
