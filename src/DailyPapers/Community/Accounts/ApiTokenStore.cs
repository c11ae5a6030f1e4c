using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Community.Accounts;

/// <summary>An API token as its owner sees it in the list: never the token itself, only its first characters.</summary>
public sealed record ApiTokenInfo
{
    public required long Id { get; init; }
    public required string Name { get; init; }
    public required string TokenPrefix { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? LastUsedAt { get; init; }

    /// <summary>When the token stops working; null when it never does.</summary>
    public DateTime? ExpiresAt { get; init; }

    /// <summary>Expired when the list was read (still listed until revoked, so its owner sees what stopped working).</summary>
    public bool Expired { get; init; }
}

/// <summary>The account a token belongs to, with the token's name and age (whoami's <c>auth.accessToken</c>).</summary>
public sealed record TokenHolder(Account Account, string TokenName, DateTime TokenCreatedAt);

/// <summary>API tokens for the write API (<c>Authorization: Bearer dpt_…</c>), stored as their SHA-256.</summary>
public sealed class ApiTokenStore(Database database, TimeProvider clock)
{
    /// <summary>Tokens one account may hold at once.</summary>
    public const int MaxPerAccount = 25;

    /// <summary>Last use is written at most this often per token, so API traffic does not turn into writes.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(5);

    /// <summary>Makes a token for the account that works for <paramref name="lifetime"/> (null: until revoked); returns it (to show once) and its row.</summary>
    public async Task<(string Token, ApiTokenInfo Info)> CreateAsync(long accountId, string name, TimeSpan? lifetime = null, CancellationToken ct = default)
    {
        var token = SecretTokens.Create(SecretTokens.ApiTokenPrefix);
        var now = clock.GetUtcNow().UtcDateTime;
        var expiresAt = now + lifetime;
        await using var connection = await database.OpenAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO api_tokens (user_id, name, token_hash, token_prefix, created_at, expires_at) " +
            "VALUES (@accountId, @name, @hash, @prefix, @now, @expiresAt) RETURNING id",
            new { accountId, name, hash = SecretTokens.Hash(token), prefix = SecretTokens.Preview(token), now, expiresAt });
        return (token, new ApiTokenInfo { Id = id, Name = name, TokenPrefix = SecretTokens.Preview(token), CreatedAt = now, ExpiresAt = expiresAt });
    }

    /// <summary>The account's tokens that are not revoked, newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(long accountId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<ApiTokenInfo>(
            "SELECT id, name, token_prefix, created_at, last_used_at, expires_at FROM api_tokens WHERE user_id = @accountId AND revoked_at IS NULL " +
            "ORDER BY created_at DESC, id DESC",
            new { accountId });
        var now = clock.GetUtcNow().UtcDateTime;
        return rows.Select(t => t with { Expired = t.ExpiresAt <= now }).ToList();
    }

    /// <summary>Revokes one of the account's tokens; false when it has no such live token.</summary>
    public async Task<bool> RevokeAsync(long accountId, long tokenId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(
            "UPDATE api_tokens SET revoked_at = @now WHERE id = @tokenId AND user_id = @accountId AND revoked_at IS NULL",
            new { accountId, tokenId, now = clock.GetUtcNow().UtcDateTime }) == 1;
    }

    /// <summary>The account a live (not revoked, not expired) token belongs to, or null; notes the use.</summary>
    public async Task<TokenHolder?> AuthenticateAsync(string token, CancellationToken ct = default)
    {
        var hash = SecretTokens.Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<TokenUse>(
            "SELECT id, name, created_at, last_used_at FROM api_tokens WHERE token_hash = @hash AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now)",
            new { hash, now });
        if (row is null)
        {
            return null;
        }
        if (row.LastUsedAt is null || now - row.LastUsedAt.Value >= LastUsedResolution)
        {
            await connection.ExecuteAsync("UPDATE api_tokens SET last_used_at = @now WHERE id = @id", new { now, id = row.Id });
        }
        var account = await connection.QuerySingleOrDefaultAsync<Account>(
            $"SELECT {AccountStore.Columns} FROM users u JOIN api_tokens t ON t.user_id = u.id WHERE t.id = @id", new { id = row.Id });
        return account is null ? null : new TokenHolder(account, row.Name, row.CreatedAt);
    }

    private sealed record TokenUse
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public DateTime? LastUsedAt { get; init; }
    }
}
