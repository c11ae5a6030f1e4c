using System.Data.Common;
using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Digest.Subscriptions;

/// <summary>What asking to subscribe did to the stored subscription.</summary>
public enum SubscribeOutcome
{
    /// <summary>A new or lapsed subscription now waits for confirmation (with the choices from the form).</summary>
    Pending,

    /// <summary>The address already has a confirmed subscription; it was left as it was (only its owner may change it).</summary>
    AlreadySubscribed,
}

/// <summary>Reads and writes <c>digest_subscriptions</c>. Addresses are matched without regard to case.</summary>
public sealed class SubscriptionStore(Database database, TimeProvider clock)
{
    private const string Columns =
        "id, email, frequency, topics, for_you, user_id, status, bounces, created_at, confirmed_at, confirm_sent_at";

    /// <summary>
    /// Records a request to subscribe: new, pending and lapsed (unsubscribed, bouncing) addresses become pending
    /// with the form's choices and a new confirmation token; confirmed ones are left alone.
    /// </summary>
    public async Task<(Subscription Subscription, SubscribeOutcome Outcome)> RequestAsync(
        string email, SubscriptionChoice choice, long? userId, string confirmTokenHash, CancellationToken ct = default)
    {
        var now = Now;
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        var existing = await FindAsync(connection, tx, "email_key = @key", new { key = Key(email) });
        if (existing is { Status: SubscriptionStatus.Active or SubscriptionStatus.Paused })
        {
            await tx.CommitAsync(ct);
            return (existing, SubscribeOutcome.AlreadySubscribed);
        }
        var args = new
        {
            email, key = Key(email), frequency = DigestPeriod.Name(choice.Frequency), topics = SubscriptionTopics.Store(choice.Topics),
            forYou = choice.ForYou && userId is not null, userId, hash = confirmTokenHash, now,
        };
        long id;
        if (existing is null)
        {
            id = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO digest_subscriptions (email, email_key, frequency, topics, for_you, user_id, status, confirm_token_hash, confirm_sent_at, created_at, updated_at) " +
                "VALUES (@email, @key, @frequency, @topics, @forYou, @userId, 'pending', @hash, @now, @now, @now) RETURNING id", args, tx);
        }
        else
        {
            id = existing.Id;
            await connection.ExecuteAsync(
                "UPDATE digest_subscriptions SET email = @email, frequency = @frequency, topics = @topics, for_you = @forYou, " +
                "user_id = COALESCE(@userId, user_id), status = 'pending', confirm_token_hash = @hash, confirm_sent_at = @now, updated_at = @now " +
                "WHERE email_key = @key", args, tx);
        }
        var stored = (await FindAsync(connection, tx, "id = @id", new { id }))!;
        await tx.CommitAsync(ct);
        return (stored, SubscribeOutcome.Pending);
    }

    public Task<Subscription?> GetAsync(long id, CancellationToken ct = default) => FindOneAsync("id = @id", new { id }, ct);

    public Task<Subscription?> FindByEmailAsync(string email, CancellationToken ct = default) => FindOneAsync("email_key = @key", new { key = Key(email) }, ct);

    public Task<Subscription?> FindByConfirmTokenAsync(string tokenHash, CancellationToken ct = default) =>
        FindOneAsync("confirm_token_hash = @tokenHash", new { tokenHash }, ct);

    /// <summary>Confirms the pending subscription with this token (once); null when there is none, or the link has expired.</summary>
    public async Task<Subscription?> ConfirmAsync(string tokenHash, TimeSpan lifetime, CancellationToken ct = default)
    {
        var now = Now;
        await using var connection = await database.OpenAsync(ct);
        var id = await connection.QuerySingleOrDefaultAsync<long?>(
            "UPDATE digest_subscriptions SET status = 'active', confirmed_at = @now, confirm_token_hash = NULL, bounces = 0, updated_at = @now " +
            "WHERE confirm_token_hash = @tokenHash AND status = 'pending' AND confirm_sent_at > @oldest RETURNING id",
            new { tokenHash, now, oldest = now - lifetime });
        return id is null ? null : await GetAsync(id.Value, ct);
    }

    public async Task<bool> UpdateChoiceAsync(long id, SubscriptionChoice choice, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(
            "UPDATE digest_subscriptions SET frequency = @frequency, topics = @topics, for_you = CASE WHEN user_id IS NULL THEN @no ELSE @forYou END, updated_at = @now WHERE id = @id",
            new { id, frequency = DigestPeriod.Name(choice.Frequency), topics = SubscriptionTopics.Store(choice.Topics), forYou = choice.ForYou, no = false, now = Now }) == 1;
    }

    /// <summary>Pauses, resumes or unsubscribes a confirmed subscription. A pending one can only be unsubscribed.</summary>
    public async Task<bool> SetStatusAsync(long id, SubscriptionStatus status, CancellationToken ct = default)
    {
        var allowedFrom = status == SubscriptionStatus.Unsubscribed ? "('pending', 'active', 'paused', 'bouncing', 'unsubscribed')" : "('active', 'paused')";
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(
            $"UPDATE digest_subscriptions SET status = @status, confirm_token_hash = NULL, updated_at = @now WHERE id = @id AND status IN {allowedFrom}",
            new { id, status = status.ToString().ToLowerInvariant(), now = Now }) == 1;
    }

    /// <summary>Deletes the subscription and its history (outbox rows and the papers it was sent).</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync("DELETE FROM digest_sent WHERE subscription_id = @id", new { id }, tx);
        var deleted = await connection.ExecuteAsync("DELETE FROM digest_subscriptions WHERE id = @id", new { id }, tx) == 1;
        await tx.CommitAsync(ct);
        return deleted;
    }

    /// <summary>Active subscriptions of one frequency, by id, the page after <paramref name="afterId"/>.</summary>
    public async Task<IReadOnlyList<Subscription>> ActiveAsync(DigestFrequency frequency, long afterId, int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM digest_subscriptions WHERE status = 'active' AND frequency = @frequency AND id > @afterId ORDER BY id LIMIT @limit",
            new { frequency = DigestPeriod.Name(frequency), afterId, limit }, cancellationToken: ct));
        return rows.Select(r => r.ToSubscription()).ToList();
    }

    public async Task<IReadOnlyDictionary<long, Subscription>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM digest_subscriptions WHERE {SqlDialect.InList(connection, "id", "ids")}", new { ids = ids.ToArray() }, cancellationToken: ct));
        return rows.Select(r => r.ToSubscription()).ToDictionary(s => s.Id);
    }

    /// <summary>
    /// The topics of the subscriptions a signed-in reader made (any but unsubscribed ones: a topic picked and not yet
    /// confirmed by mail is still the reader's choice), without repeats: what personal rankings match papers to.
    /// </summary>
    public async Task<IReadOnlyList<string>> TopicsOfReaderAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var stored = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT topics FROM digest_subscriptions WHERE user_id = @userId AND status <> 'unsubscribed' ORDER BY id",
            new { userId }, cancellationToken: ct));
        return stored.SelectMany(SubscriptionTopics.Load).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public static string Key(string email) => email.Trim().ToLowerInvariant();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<Subscription?> FindOneAsync(string where, object args, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await FindAsync(connection, null, where, args);
    }

    private static async Task<Subscription?> FindAsync(DbConnection connection, DbTransaction? tx, string where, object args) =>
        (await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM digest_subscriptions WHERE {where}", args, tx))?.ToSubscription();

    internal sealed class Row
    {
        public long Id { get; init; }
        public string Email { get; init; } = "";
        public string Frequency { get; init; } = "";
        public string Topics { get; init; } = "";
        public bool ForYou { get; init; }
        public long? UserId { get; init; }
        public string Status { get; init; } = "";
        public int Bounces { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? ConfirmedAt { get; init; }
        public DateTime? ConfirmSentAt { get; init; }

        public Subscription ToSubscription() => new()
        {
            Id = Id,
            Email = Email,
            Frequency = Frequency == "weekly" ? DigestFrequency.Weekly : DigestFrequency.Daily,
            Topics = SubscriptionTopics.Load(Topics),
            ForYou = ForYou,
            UserId = UserId,
            Status = Enum.Parse<SubscriptionStatus>(Status, ignoreCase: true),
            Bounces = Bounces,
            CreatedAt = CreatedAt,
            ConfirmedAt = ConfirmedAt,
            ConfirmSentAt = ConfirmSentAt,
        };
    }
}
