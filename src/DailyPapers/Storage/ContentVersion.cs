using Dapper;

namespace DailyPapers.Storage;

/// <summary>
/// Reads the database-wide content version (see migration 0002): triggers move it forward on every change to
/// papers, daily lists and names. Equal versions mean a page rendered earlier is still exactly right.
/// </summary>
public sealed class ContentVersion(Database database)
{
    public async Task<long> CurrentAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT version FROM content_version WHERE id = 1", cancellationToken: ct));
    }
}
