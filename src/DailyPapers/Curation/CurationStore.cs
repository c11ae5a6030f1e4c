using System.Data.Common;
using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Curation;

/// <summary>One curated announcement day, as the status page shows it.</summary>
public sealed record CurationDay
{
    public required DateOnly AnnouncedOn { get; init; }
    public required DateTime CuratedAt { get; init; }

    /// <summary>The day's papers in the harvested categories.</summary>
    public required int Candidates { get; init; }

    public required int Listed { get; init; }

    /// <summary>Active readers whose models were summed into the interest.</summary>
    public required int Readers { get; init; }

    /// <summary>Active digest subscriptions whose topics were matched.</summary>
    public required int Subscriptions { get; init; }

    /// <summary>Curated entries of the day a moderator removed.</summary>
    public int Removed { get; init; }
}

/// <summary>What the curator did (<c>curation_days</c>, <c>curated_papers</c>) and the interest it measured (<c>paper_interest</c>).</summary>
public sealed class CurationStore(Database database)
{
    /// <summary>The days among <paramref name="days"/> curated already.</summary>
    public async Task<IReadOnlySet<DateOnly>> CuratedDaysAsync(IReadOnlyList<DateOnly> days, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var from = days.Min();
        var to = days.Max();
        var done = await connection.QueryAsync<DateOnly>(new CommandDefinition(
            "SELECT announced_on FROM curation_days WHERE announced_on BETWEEN @from AND @to", new { from, to }, cancellationToken: ct));
        return done.ToHashSet();
    }

    /// <summary>Of these papers, the ones that may not be listed: on a list already, or listed by the curator before (even if removed since).</summary>
    public static async Task<IReadOnlySet<string>> TakenAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            taken.UnionWith(await connection.QueryAsync<string>(new CommandDefinition(
                $"SELECT arxiv_id FROM daily_entries WHERE {SqlDialect.InList(connection, "arxiv_id", "chunk")} " +
                $"UNION SELECT arxiv_id FROM curated_papers WHERE {SqlDialect.InList(connection, "arxiv_id", "chunk")}",
                new { chunk }, tx, cancellationToken: ct)));
        }
        return taken;
    }

    /// <summary>Claims the day for this run; false when it was curated already (by another node a moment ago).</summary>
    public static async Task<bool> ClaimDayAsync(DbConnection connection, DbTransaction tx, CurationDay day, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO curation_days (announced_on, curated_at, candidates, listed, readers, subscriptions) " +
            "VALUES (@AnnouncedOn, @CuratedAt, @Candidates, @Listed, @Readers, @Subscriptions) ON CONFLICT (announced_on) DO NOTHING",
            day, tx, cancellationToken: ct)) > 0;

    public static Task SetListedAsync(DbConnection connection, DbTransaction tx, DateOnly day, int listed, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE curation_days SET listed = @listed WHERE announced_on = @day", new { day, listed }, tx, cancellationToken: ct));

    public static Task AddCuratedAsync(DbConnection connection, DbTransaction tx, string arxivId, DateOnly day, int rank, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO curated_papers (arxiv_id, announced_on, rank) VALUES (@arxivId, @day, @rank)", new { arxivId, day, rank }, tx, cancellationToken: ct));

    /// <summary>Keeps the measured interest of a day's papers (replacing an earlier measure of the same paper).</summary>
    public static Task SaveInterestAsync(DbConnection connection, DbTransaction tx, DateOnly day, IReadOnlyDictionary<string, double> interest, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO paper_interest (arxiv_id, announced_on, interest) VALUES (@id, @day, @value) " +
            "ON CONFLICT (arxiv_id) DO UPDATE SET announced_on = excluded.announced_on, interest = excluded.interest",
            interest.Where(i => i.Value > 0).Select(i => new { id = i.Key, day, value = i.Value }), tx, cancellationToken: ct));

    /// <summary>The measured interest of these papers (papers without a measure are left out): /new's community order reads it.</summary>
    public async Task<IReadOnlyDictionary<string, double>> InterestAsync(IReadOnlyList<string> ids, CancellationToken ct = default)
    {
        var interest = new Dictionary<string, double>(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(ct);
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var (id, value) in await connection.QueryAsync<(string, double)>(new CommandDefinition(
                $"SELECT arxiv_id, interest FROM paper_interest WHERE {SqlDialect.InList(connection, "arxiv_id", "chunk")}", new { chunk }, cancellationToken: ct)))
            {
                interest[id] = value;
            }
        }
        return interest;
    }

    /// <summary>The most recently curated day, with how many of its entries moderators removed.</summary>
    public async Task<CurationDay?> LatestAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<CurationDay>(new CommandDefinition(
            "SELECT d.announced_on, d.curated_at, d.candidates, d.listed, d.readers, d.subscriptions, " +
            "(SELECT count(*) FROM curated_papers c WHERE c.announced_on = d.announced_on AND c.removed_at IS NOT NULL) AS removed " +
            "FROM curation_days d ORDER BY d.announced_on DESC LIMIT 1", cancellationToken: ct));
    }

    /// <summary>
    /// Takes a curated paper off its daily list (a moderator's action, in the audit log's transaction); the paper stays
    /// curated, so it is never listed again. False when the paper is not on a list as the curator's entry.
    /// </summary>
    public static async Task<bool> RemoveAsync(
        DbConnection connection, DbTransaction tx, string arxivId, long curatorId, long moderatorId, DateTime now, CancellationToken ct)
    {
        var removed = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM daily_entries WHERE arxiv_id = @arxivId AND submitted_by = @curatorId", new { arxivId, curatorId }, tx, cancellationToken: ct));
        if (removed == 0)
        {
            return false;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE curated_papers SET removed_at = @now, removed_by = @moderatorId WHERE arxiv_id = @arxivId",
            new { arxivId, moderatorId, now }, tx, cancellationToken: ct));
        return true;
    }
}
