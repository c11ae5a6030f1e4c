using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Community.Accounts;

/// <summary>A sign-in link's row: for whom, until when, and whether it was used.</summary>
public sealed record SignInToken
{
    public required string Email { get; init; }
    public string? ReturnUrl { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime ExpiresAt { get; init; }
    public DateTime? UsedAt { get; init; }
}

/// <summary>Sign-in link tokens, keyed by their SHA-256 (<see cref="SecretTokens.Hash"/>).</summary>
public sealed class SignInTokenStore(Database database)
{
    /// <summary>Used and expired rows are kept this long, so a late click still gets "already used" rather than "unknown".</summary>
    private static readonly TimeSpan KeepAfterExpiry = TimeSpan.FromDays(1);

    public async Task AddAsync(string tokenHash, string email, string? returnUrl, DateTime now, DateTime expiresAt, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(
            "DELETE FROM sign_in_tokens WHERE expires_at < @cutoff", new { cutoff = now - KeepAfterExpiry });
        await connection.ExecuteAsync(
            "INSERT INTO sign_in_tokens (token_hash, email, return_url, created_at, expires_at) VALUES (@tokenHash, @email, @returnUrl, @now, @expiresAt)",
            new { tokenHash, email, returnUrl, now, expiresAt });
    }

    /// <summary>The row, used or not, without changing it.</summary>
    public async Task<SignInToken?> FindAsync(string tokenHash, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<SignInToken>(
            "SELECT email, return_url, created_at, expires_at, used_at FROM sign_in_tokens WHERE token_hash = @tokenHash", new { tokenHash });
    }

    /// <summary>
    /// Marks the token used if it is unused and unexpired, in one statement, and returns it; null otherwise. Of
    /// two concurrent uses exactly one gets the row.
    /// </summary>
    public async Task<SignInToken?> ConsumeAsync(string tokenHash, DateTime now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<SignInToken>(
            "UPDATE sign_in_tokens SET used_at = @now WHERE token_hash = @tokenHash AND used_at IS NULL AND expires_at > @now " +
            "RETURNING email, return_url, created_at, expires_at, used_at",
            new { tokenHash, now });
    }
}
