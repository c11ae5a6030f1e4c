using System.Data.Common;
using Dapper;
using DailyPapers.Digest.Assembly;
using DailyPapers.Storage;
using Npgsql;

namespace DailyPapers.Digest.Delivery;

/// <summary>A digest waiting in the outbox, as a sender claimed it.</summary>
public sealed record OutboxMessage
{
    public long Id { get; init; }
    public long SubscriptionId { get; init; }
    public string Period { get; init; } = "";
    public int Attempts { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>The outbox row behind a "view in browser" link.</summary>
public sealed record OutboxEntry
{
    public long Id { get; init; }
    public long SubscriptionId { get; init; }
    public string Period { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public DateTime? SentAt { get; init; }
}

/// <summary>
/// <c>digest_outbox</c> and <c>digest_items</c>. A digest is written once per (subscription, period) under its
/// idempotency key together with its papers, then claimed in batches under a lease by one sender and marked with
/// its outcome message by message, so a run that stops anywhere can be run again without sending anything twice.
/// </summary>
public sealed partial class DigestOutbox(Database database, TimeProvider clock)
{
    public static string IdempotencyKey(long subscriptionId, string period) => $"{subscriptionId}/{period}";

    /// <summary>Writes the plans that are not in the outbox yet (in one transaction); returns how many were queued to send.</summary>
    public async Task<int> EnqueueAsync(IReadOnlyList<DigestPlan> plans, CancellationToken ct = default)
    {
        var now = Now;
        var queued = 0;
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        foreach (var plan in plans)
        {
            var id = await connection.QuerySingleOrDefaultAsync<long?>(
                "INSERT INTO digest_outbox (idempotency_key, subscription_id, period, status, created_at) VALUES (@key, @sub, @period, @status, @now) " +
                "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
                new { key = IdempotencyKey(plan.SubscriptionId, plan.Period.Key), sub = plan.SubscriptionId, period = plan.Period.Key, status = plan.IsEmpty ? "empty" : "queued", now }, tx);
            if (id is null || plan.IsEmpty)
            {
                continue;
            }
            queued++;
            await InsertItemsAsync(connection, tx, plan, id.Value, ct);
        }
        await tx.CommitAsync(ct);
        return queued;
    }

    /// <summary>Of these subscriptions, the ones that already have a digest (sent or not) for the period.</summary>
    public async Task<IReadOnlySet<long>> PlannedAsync(string period, IReadOnlyList<long> subscriptionIds, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var ids = await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT subscription_id FROM digest_outbox WHERE period = @period AND {SqlDialect.InList(connection, "subscription_id", "ids")}",
            new { period, ids = subscriptionIds.ToArray() }, cancellationToken: ct));
        return ids.ToHashSet();
    }

    /// <summary>Which of these papers each of these subscribers has already been sent (or has queued).</summary>
    public async Task<Dictionary<long, IReadOnlySet<string>>> AlreadySentAsync(
        IReadOnlyList<long> subscriptionIds, IReadOnlyList<string> arxivIds, CancellationToken ct = default)
    {
        var result = new Dictionary<long, IReadOnlySet<string>>();
        if (subscriptionIds.Count == 0 || arxivIds.Count == 0)
        {
            return result;
        }
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long SubscriptionId, string ArxivId)>(new CommandDefinition(
            $"SELECT subscription_id, arxiv_id FROM digest_items WHERE {SqlDialect.InList(connection, "subscription_id", "subs")} AND {SqlDialect.InList(connection, "arxiv_id", "papers")}",
            new { subs = subscriptionIds.ToArray(), papers = arxivIds.ToArray() }, cancellationToken: ct));
        foreach (var group in rows.GroupBy(r => r.SubscriptionId))
        {
            result[group.Key] = group.Select(r => r.ArxivId).ToHashSet(StringComparer.Ordinal);
        }
        return result;
    }

    /// <summary>
    /// Leases up to <paramref name="limit"/> queued digests to <paramref name="owner"/> for <paramref name="lease"/>.
    /// On PostgreSQL <c>FOR UPDATE SKIP LOCKED</c> lets concurrent senders take disjoint batches without waiting;
    /// on SQLite the write lock does the same. Digests older than <paramref name="maxAge"/> expire instead.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string owner, TimeSpan lease, int limit, TimeSpan maxAge, CancellationToken ct = default)
    {
        var now = Now;
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(
            "UPDATE digest_outbox SET status = 'expired', lease_owner = NULL, lease_until = NULL WHERE status = 'queued' AND created_at < @oldest",
            new { oldest = now - maxAge }, tx);
        var skipLocked = connection is NpgsqlConnection ? " FOR UPDATE SKIP LOCKED" : "";
        var rows = await connection.QueryAsync<OutboxMessage>(
            "UPDATE digest_outbox SET lease_owner = @owner, lease_until = @until WHERE id IN (" +
            "SELECT id FROM digest_outbox WHERE status = 'queued' AND (lease_until IS NULL OR lease_until < @now) ORDER BY id LIMIT @limit" + skipLocked + ") " +
            "RETURNING id, subscription_id, period, attempts, created_at",
            new { owner, until = now + lease, now, limit }, tx);
        await tx.CommitAsync(ct);
        return rows.OrderBy(r => r.Id).ToList();
    }

    /// <summary>The papers of these digests, in order.</summary>
    public async Task<ILookup<long, DigestItem>> ItemsAsync(IReadOnlyList<long> outboxIds, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long OutboxId, string ArxivId, string Section, string? Reason)>(new CommandDefinition(
            $"SELECT outbox_id, arxiv_id, section, reason FROM digest_items WHERE {SqlDialect.InList(connection, "outbox_id", "ids")} ORDER BY outbox_id, position",
            new { ids = outboxIds.ToArray() }, cancellationToken: ct));
        return rows.ToLookup(r => r.OutboxId, r => new DigestItem(r.ArxivId, Enum.Parse<DigestSection>(r.Section, ignoreCase: true), r.Reason));
    }

    public async Task<OutboxEntry?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<OutboxEntry>(
            "SELECT id, subscription_id, period, status, created_at, sent_at FROM digest_outbox WHERE id = @id", new { id });
    }

    public Task MarkSentAsync(long id, string owner, string messageId, CancellationToken ct = default) => ExecuteAsync(
        "UPDATE digest_outbox SET status = 'sent', sent_at = @now, sent_by = @owner, message_id = @messageId, attempts = attempts + 1, " +
        "lease_owner = NULL, lease_until = NULL, last_error = NULL WHERE id = @id; " +
        "UPDATE digest_subscriptions SET bounces = 0 WHERE bounces > 0 AND id = (SELECT subscription_id FROM digest_outbox WHERE id = @id)",
        new { id, owner, messageId, now = Now }, ct);

    /// <summary>A transient failure: back in the queue for a later run, or failed for good after <paramref name="maxAttempts"/> runs.</summary>
    public Task MarkFailedAsync(long id, string error, int maxAttempts, CancellationToken ct = default) => ExecuteAsync(
        "UPDATE digest_outbox SET attempts = attempts + 1, last_error = @error, lease_owner = NULL, lease_until = NULL, " +
        "status = CASE WHEN attempts + 1 >= @maxAttempts THEN 'failed' ELSE 'queued' END WHERE id = @id",
        new { id, error = Cut(error), maxAttempts }, ct);

    /// <summary>The relay refused the address for good: the digest bounced, and after <paramref name="bounceLimit"/> bounces the address gets no more mail.</summary>
    public Task MarkBouncedAsync(long id, string error, int bounceLimit, CancellationToken ct = default) => ExecuteAsync(
        "UPDATE digest_outbox SET status = 'bounced', attempts = attempts + 1, last_error = @error, lease_owner = NULL, lease_until = NULL WHERE id = @id; " +
        "UPDATE digest_subscriptions SET bounces = bounces + 1, updated_at = @now, " +
        "status = CASE WHEN bounces + 1 >= @bounceLimit AND status = 'active' THEN 'bouncing' ELSE status END " +
        "WHERE id = (SELECT subscription_id FROM digest_outbox WHERE id = @id)",
        new { id, error = Cut(error), bounceLimit, now = Now }, ct);

    /// <summary>Ends a digest without sending it: <c>rejected</c> (the relay refused the message), <c>cancelled</c> (no longer subscribed).</summary>
    public Task FinishUnsentAsync(long id, string status, string? error, CancellationToken ct = default) => ExecuteAsync(
        "UPDATE digest_outbox SET status = @status, last_error = @error, lease_owner = NULL, lease_until = NULL WHERE id = @id",
        new { id, status, error = error is null ? null : Cut(error) }, ct);

    /// <summary>Hands claimed digests back to the queue untouched (the run stopped before sending them).</summary>
    public async Task ReleaseAsync(IEnumerable<long> ids, string owner)
    {
        var list = ids.ToArray();
        if (list.Length == 0)
        {
            return;
        }
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            $"UPDATE digest_outbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = @owner AND status = 'queued' AND {SqlDialect.InList(connection, "id", "ids")}",
            new { owner, ids = list });
    }

    /// <summary>How many digests wait to be sent (all periods).</summary>
    public async Task<int> QueuedCountAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM digest_outbox WHERE status = 'queued'");
    }

    /// <summary>Counts by status for one period, for the verb's summary.</summary>
    public async Task<IReadOnlyDictionary<string, int>> StatusCountsAsync(string period, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(
            "SELECT status, COUNT(*) FROM digest_outbox WHERE period = @period GROUP BY status", new { period }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Status, r => (int)r.Count);
    }

    private static async Task InsertItemsAsync(DbConnection connection, DbTransaction tx, DigestPlan plan, long outboxId, CancellationToken ct)
    {
        var items = plan.Items.Select((item, i) => new
        {
            sub = plan.SubscriptionId, arxivId = item.ArxivId, outboxId, section = item.Section.ToString().ToLowerInvariant(), position = i, reason = item.Reason,
        }).ToList();
        if (connection is NpgsqlConnection)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO digest_items (subscription_id, arxiv_id, outbox_id, section, position, reason) " +
                "SELECT @sub, t.a, @outboxId, t.s, t.p, t.r FROM unnest(@ids, @sections, @positions, @reasons) AS t(a, s, p, r) ON CONFLICT DO NOTHING",
                new
                {
                    sub = plan.SubscriptionId, outboxId, ids = items.Select(i => i.arxivId).ToArray(), sections = items.Select(i => i.section).ToArray(),
                    positions = items.Select(i => i.position).ToArray(), reasons = items.Select(i => i.reason).ToArray(),
                }, tx, cancellationToken: ct));
            return;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO digest_items (subscription_id, arxiv_id, outbox_id, section, position, reason) VALUES (@sub, @arxivId, @outboxId, @section, @position, @reason) ON CONFLICT DO NOTHING",
            items, tx, cancellationToken: ct));
    }

    private async Task ExecuteAsync(string sql, object args, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string Cut(string s) => s.Length <= 500 ? s : s[..500];
}
