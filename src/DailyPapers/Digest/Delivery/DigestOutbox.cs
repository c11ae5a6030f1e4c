using System.Data.Common;
using System.Globalization;
using System.Text;
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
/// <c>digest_outbox</c> and <c>digest_sent</c>. A digest is written once per (subscription, period) under its
/// idempotency key together with its papers, then claimed in batches under a lease by one sender and marked with
/// its outcome message by message, so a run that stops anywhere can be run again without sending anything twice.
/// </summary>
public sealed partial class DigestOutbox(Database database, TimeProvider clock)
{
    public static string IdempotencyKey(long subscriptionId, string period) => $"{subscriptionId}/{period}";

    /// <summary>Writes the plans that are not in the outbox yet (in one transaction); returns how many were queued to send.</summary>
    public async Task<int> EnqueueAsync(IReadOnlyList<DigestPlan> plans, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        var fresh = new List<DigestPlan>();
        foreach (var chunk in plans.Chunk(10))
        {
            fresh.AddRange(await EnqueueChunkAsync(connection, tx, chunk, ct));
        }
        await RecordSentAsync(connection, tx, fresh, ct);
        var queued = fresh.Count;
        await tx.CommitAsync(ct);
        return queued;
    }

    /// <summary>
    /// One multi-row insert for the chunk's outbox rows, their papers included (the rows already there are skipped by
    /// their idempotency key); returns the plans that were new. Ten rows per statement: Microsoft.Data.Sqlite looks
    /// parameters up by name, which grows with the square of their number.
    /// </summary>
    private async Task<List<DigestPlan>> EnqueueChunkAsync(DbConnection connection, DbTransaction tx, DigestPlan[] chunk, CancellationToken ct)
    {
        var sql = new StringBuilder("INSERT INTO digest_outbox (idempotency_key, subscription_id, period, status, items, created_at) VALUES ");
        var args = new DynamicParameters();
        args.Add("now", Now);
        for (var i = 0; i < chunk.Length; i++)
        {
            var plan = chunk[i];
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@k{i}, @s{i}, @p{i}, @t{i}, @i{i}, @now)");
            args.Add($"k{i}", IdempotencyKey(plan.SubscriptionId, plan.Period.Key));
            args.Add($"s{i}", plan.SubscriptionId);
            args.Add($"p{i}", plan.Period.Key);
            args.Add($"t{i}", plan.IsEmpty ? "empty" : "queued");
            args.Add($"i{i}", DigestItems.Encode(plan.Items));
        }
        sql.Append(" ON CONFLICT (idempotency_key) DO NOTHING RETURNING subscription_id");
        var inserted = (await connection.QueryAsync<long>(new CommandDefinition(sql.ToString(), args, tx, cancellationToken: ct))).ToHashSet();
        return chunk.Where(p => !p.IsEmpty && inserted.Contains(p.SubscriptionId)).ToList();
    }

    /// <summary>The papers of newly queued digests, into <c>digest_sent</c>.</summary>
    private static async Task RecordSentAsync(DbConnection connection, DbTransaction tx, List<DigestPlan> fresh, CancellationToken ct)
    {
        var subs = fresh.SelectMany(p => p.Items.Select(_ => p.SubscriptionId)).ToArray();
        var papers = fresh.SelectMany(p => p.Items.Select(i => i.ArxivId)).ToArray();
        if (connection is NpgsqlConnection)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO digest_sent (subscription_id, arxiv_id) SELECT * FROM unnest(@subs, @papers) ON CONFLICT DO NOTHING",
                new { subs, papers }, tx, cancellationToken: ct));
        }
        else
        {
            // SQLite runs in-process: one prepared single-row insert, re-bound for each row, beats any multi-row form.
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO digest_sent (subscription_id, arxiv_id) VALUES (@s, @a) ON CONFLICT DO NOTHING";
            var s = insert.CreateParameter();
            s.ParameterName = "s";
            var a = insert.CreateParameter();
            a.ParameterName = "a";
            insert.Parameters.Add(s);
            insert.Parameters.Add(a);
            for (var n = 0; n < subs.Length; n++)
            {
                s.Value = subs[n];
                a.Value = papers[n];
                if (n == 0)
                {
                    await insert.PrepareAsync(ct);
                }
                await insert.ExecuteNonQueryAsync(ct);
            }
        }
    }

    /// <summary>Of these subscriptions, the ones that already have a digest (sent or not) for the period.</summary>
    public async Task<IReadOnlySet<long>> PlannedAsync(string period, IReadOnlyList<long> subscriptionIds, CancellationToken ct = default)
    {
        if (subscriptionIds.Count == 0)
        {
            return new HashSet<long>();
        }
        // A range rather than a list of ids: callers page subscriptions by id, and long parameter lists are slow on SQLite.
        await using var connection = await database.OpenAsync(ct);
        var ids = await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT subscription_id FROM digest_outbox WHERE period = @period AND subscription_id BETWEEN @min AND @max",
            new { period, min = subscriptionIds.Min(), max = subscriptionIds.Max() }, cancellationToken: ct));
        var wanted = subscriptionIds.ToHashSet();
        return ids.Where(wanted.Contains).ToHashSet();
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
            $"SELECT subscription_id, arxiv_id FROM digest_sent WHERE subscription_id BETWEEN @min AND @max AND {SqlDialect.InList(connection, "arxiv_id", "papers")}",
            new { min = subscriptionIds.Min(), max = subscriptionIds.Max(), papers = arxivIds.ToArray() }, cancellationToken: ct));
        var wanted = subscriptionIds.ToHashSet();
        foreach (var group in rows.Where(r => wanted.Contains(r.SubscriptionId)).GroupBy(r => r.SubscriptionId))
        {
            result[group.Key] = group.Select(r => r.ArxivId).ToHashSet(StringComparer.Ordinal);
        }
        return result;
    }

    /// <summary>
    /// Leases up to <paramref name="limit"/> queued digests to <paramref name="owner"/> for <paramref name="lease"/>.
    /// On PostgreSQL <c>FOR UPDATE SKIP LOCKED</c> lets concurrent senders take disjoint batches without waiting;
    /// on SQLite the write lock does the same. Digests older than <paramref name="maxAge"/> expire instead.
    /// The leases this owner still holds (claimed earlier in its run, not yet sent or recorded) are renewed first, so a
    /// run that takes longer than a lease never claims, and never sends, its own digests twice, nor lets another
    /// sender take them while it is still claiming.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string owner, TimeSpan lease, int limit, TimeSpan maxAge, CancellationToken ct = default)
    {
        var now = Now;
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(
            "UPDATE digest_outbox SET status = 'expired', lease_owner = NULL, lease_until = NULL WHERE status = 'queued' AND created_at < @oldest",
            new { oldest = now - maxAge }, tx);
        await connection.ExecuteAsync(
            "UPDATE digest_outbox SET lease_until = @until WHERE lease_owner = @owner AND status = 'queued'",
            new { owner, until = now + lease }, tx);
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
        var rows = await connection.QueryAsync<(long Id, string Items)>(new CommandDefinition(
            $"SELECT id, items FROM digest_outbox WHERE {SqlDialect.InList(connection, "id", "ids")}",
            new { ids = outboxIds.ToArray() }, cancellationToken: ct));
        return rows.SelectMany(r => DigestItems.Decode(r.Items).Select(i => (r.Id, Item: i))).ToLookup(r => r.Id, r => r.Item);
    }

    public async Task<OutboxEntry?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<OutboxEntry>(
            "SELECT id, subscription_id, period, status, created_at, sent_at FROM digest_outbox WHERE id = @id", new { id });
    }

    /// <summary>
    /// Records a sent digest to an address that had bounced before, and clears its bounces (mail gets through again).
    /// Other sent digests are recorded by the faster <see cref="OutboxRecorder"/>.
    /// </summary>
    public Task MarkSentAfterBouncesAsync(long id, string owner, string messageId, CancellationToken ct = default) => ExecuteAsync(
        "UPDATE digest_outbox SET status = 'sent', sent_at = @now, sent_by = @owner, message_id = @messageId, attempts = attempts + 1, " +
        "lease_owner = NULL, lease_until = NULL, last_error = NULL WHERE id = @id; " +
        "UPDATE digest_subscriptions SET bounces = 0 WHERE id = (SELECT subscription_id FROM digest_outbox WHERE id = @id)",
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

    private async Task ExecuteAsync(string sql, object args, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    internal DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>A connection that marks sent digests quickly (the sender's hot path).</summary>
    public Task<OutboxRecorder> OpenRecorderAsync(CancellationToken ct = default) => OutboxRecorder.OpenAsync(database, ct);

    private static string Cut(string s) => s.Length <= 500 ? s : s[..500];
}
