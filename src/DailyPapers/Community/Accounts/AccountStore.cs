using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Dapper;
using DailyPapers.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DailyPapers.Community.Accounts;

/// <summary>How a profile change went.</summary>
public enum ProfileChange
{
    Saved,
    HandleTaken,
    NoSuchAccount,
}

/// <summary>Reads and writes accounts (the <c>users</c> table). Emails and handles are matched without regard to case.</summary>
public sealed class AccountStore(Database database, TimeProvider clock)
{
    internal const string Columns = "u.id, u.handle, u.display_name, u.email, u.created_at, u.role, u.banned_at, u.banned_reason, u.session_stamp";

    public Database Database => database;

    public Task<Account?> FindByIdAsync(long id, CancellationToken ct = default) =>
        QueryOneAsync($"SELECT {Columns} FROM users u WHERE u.id = @id", new { id }, ct);

    public Task<Account?> FindByEmailAsync(string email, CancellationToken ct = default) =>
        QueryOneAsync($"SELECT {Columns} FROM users u WHERE lower(u.email) = lower(@email)", new { email }, ct);

    /// <summary>The account with this handle in any case; none for a handle with a control character, which PostgreSQL would refuse as a parameter.</summary>
    public async Task<Account?> FindByHandleAsync(string handle, CancellationToken ct = default) =>
        ReaderText.HasControlCharacter(handle) ? null
        : await QueryOneAsync($"SELECT {Columns} FROM users u WHERE lower(u.handle) = lower(@handle)", new { handle }, ct);

    /// <summary>
    /// The account with this address, made on first use with a handle derived from the address ("jane",
    /// then "jane-2", …). Safe under concurrent first sign-ins of one address: one row wins, both get it.
    /// </summary>
    [SuppressMessage("Security", "CA5394", Justification = "A random suffix only makes a public handle unique; it guards nothing.")]
    public async Task<(Account Account, bool Created)> GetOrCreateByEmailAsync(string email, CancellationToken ct = default)
    {
        var baseHandle = ProfileRules.SuggestHandle(email);
        for (var n = 1; n <= 50; n++)
        {
            if (await FindByEmailAsync(email, ct) is { } existing)
            {
                return (existing, false);
            }
            var handle = n == 1 ? baseHandle : n < 40 ? $"{baseHandle}-{n}" : $"{baseHandle}-{Random.Shared.Next(1000, 1_000_000)}";
            await using var connection = await database.OpenAsync(ct);
            var id = await connection.QuerySingleOrDefaultAsync<long?>(
                "INSERT INTO users (handle, display_name, email, created_at) VALUES (@handle, @handle, @email, @now) " +
                "ON CONFLICT DO NOTHING RETURNING id",
                new { handle, email, now = clock.GetUtcNow().UtcDateTime });
            if (id is { } created)
            {
                return ((await FindByIdAsync(created, ct))!, true);
            }
        }
        throw new InvalidOperationException($"No free handle for a new account near '{baseHandle}'.");
    }

    public async Task<ProfileChange> UpdateProfileAsync(long id, string handle, string displayName, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        try
        {
            var rows = await connection.ExecuteAsync(
                "UPDATE users SET handle = @handle, display_name = @displayName WHERE id = @id", new { id, handle, displayName });
            return rows == 0 ? ProfileChange.NoSuchAccount : ProfileChange.Saved;
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            return ProfileChange.HandleTaken;
        }
    }

    /// <summary>Sets the role; false when there is no such account.</summary>
    public async Task<bool> SetRoleAsync(long id, UserRole role, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync("UPDATE users SET role = @role WHERE id = @id", new { id, role = RoleName(role) }) == 1;
    }

    /// <summary>Bans the account with a reason, or lifts the ban when <paramref name="reason"/> is null.</summary>
    public async Task<bool> SetBannedAsync(long id, string? reason, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await SetBannedAsync(connection, null, id, reason);
    }

    /// <summary>The same inside the caller's transaction, so a moderator's ban commits with its audit line. A ban ends the account's sessions.</summary>
    public async Task<bool> SetBannedAsync(DbConnection connection, DbTransaction? tx, long id, string? reason)
    {
        if (reason is null)
        {
            return await connection.ExecuteAsync("UPDATE users SET banned_at = NULL, banned_reason = NULL WHERE id = @id", new { id }, tx) == 1;
        }
        return await connection.ExecuteAsync(
            "UPDATE users SET banned_at = @at, banned_reason = @reason, session_stamp = @stamp WHERE id = @id",
            new { id, at = clock.GetUtcNow().UtcDateTime, reason, stamp = NewSessionStamp() }, tx) == 1;
    }

    /// <summary>Ends every session of the account (sign-out, "Sign out everywhere"): cookies issued before no longer work.</summary>
    public async Task<bool> EndSessionsAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync("UPDATE users SET session_stamp = @stamp WHERE id = @id", new { id, stamp = NewSessionStamp() }) == 1;
    }

    private static string NewSessionStamp() => SecretTokens.Create()[..22];

    /// <summary>Accounts that can sign in (they have an address), staff first, then newest.</summary>
    public async Task<IReadOnlyList<Account>> ListAsync(int limit = 1000, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<Account>(
            $"SELECT {Columns} FROM users u WHERE u.email IS NOT NULL " +
            "ORDER BY CASE u.role WHEN 'admin' THEN 0 WHEN 'moderator' THEN 1 ELSE 2 END, u.created_at DESC, u.id DESC LIMIT @limit",
            new { limit });
        return rows.AsList();
    }

    public static string RoleName(UserRole role) => role.ToString().ToLowerInvariant();

    private async Task<Account?> QueryOneAsync(string sql, object parameters, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Account>(sql, parameters);
    }

    internal static bool IsUniqueViolation(DbException e) =>
        e is SqliteException { SqliteErrorCode: 19 } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
