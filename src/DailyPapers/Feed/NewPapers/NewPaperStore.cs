using Dapper;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Feed.NewPapers;

/// <summary>What ranking a day's new papers needs of each: its votes, its categories and its arXiv date.</summary>
public sealed record NewPaperRow
{
    public required string ArxivId { get; init; }
    public int Upvotes { get; init; }
    public string? PrimaryCategory { get; init; }
    public string Categories { get; init; } = "";
    public DateTime PublishedAt { get; init; }
}

/// <summary>
/// The papers arXiv announced on a day, in some categories (papers.announced_on, indexed; a paper counts in a category
/// it is cross-listed to). Only the few columns ranking needs are read for the whole day; the page's cards are loaded
/// for the page alone.
/// </summary>
public sealed class NewPaperStore(Database database)
{
    /// <summary>The latest announcement day with a visible paper in the categories (all papers when none are given).</summary>
    public async Task<DateOnly?> LatestDayAsync(IReadOnlyList<string> categories, CancellationToken ct = default)
    {
        var (filter, args) = Filter(categories);
        await using var connection = await database.OpenAsync(ct);
        // Walks the day index from the end and stops at the first paper in the categories.
        return await connection.QueryFirstOrDefaultAsync<DateOnly?>(new CommandDefinition(
            $"SELECT announced_on FROM papers WHERE announced_on IS NOT NULL AND hidden = @hidden{filter} ORDER BY announced_on DESC LIMIT 1",
            args, cancellationToken: ct));
    }

    /// <summary>The nearest announcement days before and after <paramref name="day"/> with papers in the categories.</summary>
    public async Task<(DateOnly? Before, DateOnly? After)> NeighboursAsync(DateOnly day, IReadOnlyList<string> categories, CancellationToken ct = default)
    {
        var (filter, args) = Filter(categories);
        args.Add("day", day);
        await using var connection = await database.OpenAsync(ct);
        var before = await connection.QueryFirstOrDefaultAsync<DateOnly?>(new CommandDefinition(
            $"SELECT announced_on FROM papers WHERE announced_on < @day AND hidden = @hidden{filter} ORDER BY announced_on DESC LIMIT 1", args, cancellationToken: ct));
        var after = await connection.QueryFirstOrDefaultAsync<DateOnly?>(new CommandDefinition(
            $"SELECT announced_on FROM papers WHERE announced_on > @day AND hidden = @hidden{filter} ORDER BY announced_on LIMIT 1", args, cancellationToken: ct));
        return (before, after);
    }

    /// <summary>Every visible paper announced on <paramref name="day"/> in the categories, by arXiv id.</summary>
    public async Task<IReadOnlyList<NewPaperRow>> DayAsync(DateOnly day, IReadOnlyList<string> categories, CancellationToken ct = default)
    {
        var (filter, args) = Filter(categories);
        args.Add("day", day);
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<NewPaperRow>(new CommandDefinition(
            "SELECT arxiv_id AS ArxivId, upvotes AS Upvotes, primary_category AS PrimaryCategory, categories AS Categories, published_at AS PublishedAt " +
            $"FROM papers WHERE announced_on = @day AND hidden = @hidden{filter} ORDER BY arxiv_id", args, cancellationToken: ct))).ToList();
    }

    /// <summary>" AND (… LIKE @c0 OR …)": papers with any of the categories (or any category of an archive) among theirs.</summary>
    private static (string Sql, DynamicParameters Args) Filter(IReadOnlyList<string> categories)
    {
        var args = new DynamicParameters(new { hidden = false });
        var patterns = categories.SelectMany(ArxivCategories.LikePatterns).Distinct(StringComparer.Ordinal).ToList();
        if (patterns.Count == 0)
        {
            return ("", args);
        }
        for (var i = 0; i < patterns.Count; i++)
        {
            args.Add($"c{i}", patterns[i]);
        }
        return ($" AND ({string.Join(" OR ", patterns.Select((_, i) => $"' ' || categories || ' ' LIKE @c{i}"))})", args);
    }
}
