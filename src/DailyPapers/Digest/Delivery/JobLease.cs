using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Digest.Delivery;

/// <summary>
/// A named lease in <c>job_leases</c>: one holder at a time across every process on the database, taken over when
/// its holder stops renewing it (a crashed node). Taking it is one conditional UPDATE, atomic on SQLite (one writer)
/// and on PostgreSQL (the row lock), so two nodes starting the job at once cannot both win.
/// </summary>
public sealed class JobLease(Database database, TimeProvider clock)
{
    /// <summary>Takes or renews the lease; false while another owner holds it.</summary>
    public async Task<bool> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync("INSERT INTO job_leases (name) VALUES (@name) ON CONFLICT (name) DO NOTHING", new { name });
        return await connection.ExecuteAsync(
            "UPDATE job_leases SET owner = @owner, expires_at = @until WHERE name = @name AND (owner IS NULL OR owner = @owner OR expires_at < @now)",
            new { name, owner, until = now + duration, now }) == 1;
    }

    public async Task ReleaseAsync(string name, string owner)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("UPDATE job_leases SET owner = NULL, expires_at = NULL WHERE name = @name AND owner = @owner", new { name, owner });
    }

    public async Task<string?> HolderAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string?>(
            "SELECT owner FROM job_leases WHERE name = @name AND expires_at >= @now", new { name, now = clock.GetUtcNow().UtcDateTime });
    }
}
