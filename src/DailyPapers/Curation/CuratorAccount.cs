using System.Data.Common;
using System.Globalization;
using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Curation;

/// <summary>
/// The system account "DailyPapers curator" that submits the curated papers: a visible profile like a reader's
/// (its handle in <c>/users/…</c>), without an address, so nobody can sign in as it. Made on first use; its id is
/// kept in <c>site_state</c>, so a reader who later takes a similar handle changes nothing.
/// </summary>
public sealed class CuratorAccount(Database database, TimeProvider clock)
{
    public const string DisplayName = "DailyPapers curator";
    private const string Key = "curator_account";
    private static readonly string[] Handles = ["curator", "dailypapers-curator", "dailypapers-curator-2", "dailypapers-curator-3"];

    /// <summary>The curator's account id, making the account when there is none. Two nodes at once end with one account.</summary>
    public async Task<long> GetIdAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        if (await FindAsync(connection, null, ct) is { } existing)
        {
            return existing;
        }
        await using var tx = await database.BeginWriteAsync(connection, ct);
        if (await FindAsync(connection, tx, ct) is { } made)
        {
            return made;
        }
        foreach (var handle in Handles)
        {
            var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                "INSERT INTO users (handle, display_name, email, created_at) VALUES (@handle, @name, NULL, @now) ON CONFLICT DO NOTHING RETURNING id",
                new { handle, name = DisplayName, now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));
            if (id is { } created)
            {
                var kept = await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO site_state (key, value) VALUES (@Key, @value) ON CONFLICT (key) DO NOTHING",
                    new { Key, value = created.ToString(CultureInfo.InvariantCulture) }, tx, cancellationToken: ct));
                if (kept == 0)
                {
                    // Another node made the account first: keep its one.
                    await tx.RollbackAsync(ct);
                    return await FindAsync(connection, null, ct) ?? throw new InvalidOperationException("The curator's account vanished while it was made.");
                }
                await tx.CommitAsync(ct);
                return created;
            }
        }
        throw new InvalidOperationException($"No free handle for the curator's account ({string.Join(", ", Handles)} are taken).");
    }

    /// <summary>The curator's id if the account exists (without making it): the status page and the moderator's removal ask.</summary>
    public async Task<long?> FindAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await FindAsync(connection, null, ct);
    }

    private static async Task<long?> FindAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct)
    {
        var value = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT s.value FROM site_state s JOIN users u ON s.value = CAST(u.id AS text) WHERE s.key = @Key", new { Key }, tx, cancellationToken: ct));
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
