using System.Data.Common;
using Dapper;
using DailyPapers.Papers;
using DailyPapers.Papers.Links;
using DailyPapers.Storage;

namespace DailyPapers.Feed;

/// <summary>How a list is ordered.</summary>
public enum DailySort
{
    /// <summary>The daily page's order: most upvotes first, then earliest submission.</summary>
    Rank,

    /// <summary>Newest submission to the list first.</summary>
    PublishedAt,

    /// <summary>By <see cref="TrendingScore"/>: upvotes discounted by age.</summary>
    Trending,
}

/// <summary>The daily lists: which paper went on which day's list, when and by whom.</summary>
public sealed class DailyListStore(Database database, IListActivity activity)
{
    /// <summary>The daily page's order: most upvotes first, then earliest submission.</summary>
    private const string RankOrder = "p.upvotes DESC, d.submitted_at ASC, d.arxiv_id";

    private const string VisibleEntries =
        "FROM daily_entries d JOIN papers p ON p.arxiv_id = d.arxiv_id WHERE p.hidden = @hidden AND d.list_date BETWEEN @from AND @to";

    /// <summary>One page of the period's entries, fully loaded, in the requested order.</summary>
    public async Task<IReadOnlyList<DailyEntry>> ListAsync(
        ListPeriod period, DailySort sort, int offset, int limit, DateTime now, string? submitter = null, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        long? submitterId = null;
        if (submitter is not null)
        {
            submitterId = await activity.AccountIdAsync(connection, submitter, ct);
            if (submitterId is null)
            {
                return [];
            }
        }
        var args = new { hidden = false, from = period.From, to = period.To, offset, limit, submitterId };
        var filter = submitterId is null ? "" : " AND d.submitted_by = @submitterId";
        List<EntryRow> rows;
        if (sort == DailySort.Trending)
        {
            // The score depends on "now", so rank the period in memory; a period holds at most a few thousand.
            rows = (await connection.QueryAsync<EntryRow>(new CommandDefinition(
                $"SELECT d.arxiv_id, d.list_date, d.submitted_at, d.submitted_by, p.upvotes {VisibleEntries}{filter}", args, cancellationToken: ct))).ToList();
            var votes = await activity.VoteTimesAsync(connection, rows.Select(r => r.ArxivId).ToArray(), ct);
            rows = rows.OrderByDescending(r => TrendingScore.Of(r.Upvotes, r.SubmittedAt, votes[r.ArxivId], now))
                .ThenBy(r => r.SubmittedAt).ThenBy(r => r.ArxivId, StringComparer.Ordinal)
                .Skip(offset).Take(limit).ToList();
        }
        else
        {
            var order = sort == DailySort.PublishedAt
                ? "d.submitted_at DESC, d.arxiv_id"
                : RankOrder;
            rows = (await connection.QueryAsync<EntryRow>(new CommandDefinition(
                $"SELECT d.arxiv_id, d.list_date, d.submitted_at, d.submitted_by, p.upvotes {VisibleEntries}{filter} ORDER BY {order} LIMIT @limit OFFSET @offset",
                args, cancellationToken: ct))).ToList();
        }
        return await HydrateAsync(connection, rows, ct);
    }

    /// <summary>
    /// The latest papers: the newest submissions to any daily list, or, on a site whose lists are empty, the
    /// catalogue's newest papers by arXiv date (then <see cref="DailyEntry.Listed"/> is false).
    /// </summary>
    public async Task<IReadOnlyList<DailyEntry>> LatestAsync(int limit, DateTime now, CancellationToken ct = default)
    {
        var entries = await ListAsync(new ListPeriod(PeriodKind.Day, DateOnly.MinValue, DateOnly.MaxValue), DailySort.PublishedAt, 0, limit, now, ct: ct);
        if (entries.Count > 0)
        {
            return entries;
        }
        await using var connection = await database.OpenAsync(ct);
        var ids = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT arxiv_id FROM papers WHERE hidden = @hidden ORDER BY published_at DESC, arxiv_id LIMIT @limit",
            new { hidden = false, limit }, cancellationToken: ct))).ToList();
        var papers = (await PaperStore.LoadAsync(connection, ids, ct)).ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
        return await EntriesForAsync(ids.Where(papers.ContainsKey).Select(id => papers[id]).ToList(), ct);
    }

    /// <summary>The ids of the period's visible papers in the daily page's order (most upvoted first), nothing loaded with them.</summary>
    public async Task<IReadOnlyList<string>> RankedIdsAsync(ListPeriod period, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT d.arxiv_id {VisibleEntries} ORDER BY {RankOrder}",
            new { hidden = false, from = period.From, to = period.To }, cancellationToken: ct));
        return ids.ToList();
    }

    public async Task<int> CountAsync(ListPeriod period, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(
            $"SELECT count(*) {VisibleEntries}", new { hidden = false, from = period.From, to = period.To });
    }

    /// <summary>The most recent day whose list has a visible paper, if any.</summary>
    /// <remarks>
    /// Walks the lists from the newest day and looks each paper up: written as a join with max(), SQLite (3.53,
    /// with the flag bound as a parameter) scanned every paper instead, 2–13 s for each home page at 2.8 M papers.
    /// </remarks>
    public async Task<DateOnly?> LatestDateAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<DateOnly?>(new CommandDefinition(
            "SELECT d.list_date FROM daily_entries d WHERE EXISTS (SELECT 1 FROM papers p WHERE p.arxiv_id = d.arxiv_id AND p.hidden = @hidden) " +
            "ORDER BY d.list_date DESC LIMIT 1",
            new { hidden = false }, cancellationToken: ct));
    }

    /// <summary>The nearest days before and after <paramref name="period"/> whose lists have papers.</summary>
    public async Task<(DateOnly? Before, DateOnly? After)> NeighboursAsync(ListPeriod period, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        const string Join = "FROM daily_entries d JOIN papers p ON p.arxiv_id = d.arxiv_id WHERE p.hidden = @hidden";
        var before = await connection.QuerySingleOrDefaultAsync<DateOnly?>(
            $"SELECT max(d.list_date) {Join} AND d.list_date < @from", new { hidden = false, from = period.From });
        var after = await connection.QuerySingleOrDefaultAsync<DateOnly?>(
            $"SELECT min(d.list_date) {Join} AND d.list_date > @to", new { hidden = false, to = period.To });
        return (before, after);
    }

    /// <summary>The list entry of one paper, if it is on a list.</summary>
    public async Task<DailyEntry?> GetAsync(string arxivId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<EntryRow>(
            "SELECT d.arxiv_id, d.list_date, d.submitted_at, d.submitted_by, p.upvotes FROM daily_entries d JOIN papers p ON p.arxiv_id = d.arxiv_id WHERE d.arxiv_id = @arxivId",
            new { arxivId })).ToList();
        var entries = await HydrateAsync(connection, rows, ct);
        return entries.Count == 0 ? null : entries[0];
    }

    /// <summary>
    /// Every one of these papers as an entry, in their order: its list entry when it is on a list, else an entry
    /// with <see cref="DailyEntry.Listed"/> false. Both carry comments, verified authors and linked code.
    /// </summary>
    public async Task<IReadOnlyList<DailyEntry>> EntriesForAsync(IReadOnlyList<Paper> papers, CancellationToken ct = default)
    {
        if (papers.Count == 0)
        {
            return [];
        }
        await using var connection = await database.OpenAsync(ct);
        var ids = papers.Select(p => p.ArxivId).Distinct(StringComparer.Ordinal).ToArray();
        var listed = (await connection.QueryAsync<EntryRow>(new CommandDefinition(
                $"SELECT d.arxiv_id, d.list_date, d.submitted_at, d.submitted_by, p.upvotes FROM daily_entries d JOIN papers p ON p.arxiv_id = d.arxiv_id " +
                $"WHERE {SqlDialect.InList(connection, "d.arxiv_id", "ids")}", new { ids }, cancellationToken: ct)))
            .ToDictionary(r => r.ArxivId, StringComparer.Ordinal);
        var rows = papers.Select(p => listed.GetValueOrDefault(p.ArxivId) ?? new EntryRow
        {
            ArxivId = p.ArxivId,
            ListDate = DateOnly.FromDateTime(p.PublishedAt),
            SubmittedAt = p.PublishedAt,
            Upvotes = p.Upvotes,
            Listed = false,
        }).ToList();
        return await HydrateAsync(connection, rows, ct, papers);
    }

    /// <summary>Puts a paper on a day's list; a paper already on a list stays where it is (returns false).</summary>
    public static async Task<bool> AddAsync(
        DbConnection connection, DbTransaction tx, string arxivId, DateOnly listDate, DateTime submittedAt, long? submittedBy)
    {
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO daily_entries (arxiv_id, list_date, submitted_at, submitted_by)
            VALUES (@arxivId, @listDate, @submittedAt, @submittedBy)
            ON CONFLICT (arxiv_id) DO NOTHING
            """,
            new { arxivId, listDate, submittedAt, submittedBy }, tx);
        return inserted > 0;
    }

    private async Task<IReadOnlyList<DailyEntry>> HydrateAsync(
        DbConnection connection, List<EntryRow> rows, CancellationToken ct, IReadOnlyList<Paper>? loaded = null)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var papers = (loaded ?? await PaperStore.LoadAsync(connection, rows.Select(r => r.ArxivId).ToList(), ct))
            .DistinctBy(p => p.ArxivId, StringComparer.Ordinal)
            .ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
        var ids = rows.Select(r => r.ArxivId).ToArray();
        var readers = await activity.LoadAsync(
            connection, ids, rows.Where(r => r.SubmittedBy is not null).Select(r => r.SubmittedBy!.Value).ToArray(), ct);
        var code = await LinkedCodeStore.LoadAsync(connection, ids, ct);
        return rows.Where(r => papers.ContainsKey(r.ArxivId)).Select(r => new DailyEntry
        {
            NumComments = readers.CommentCounts.GetValueOrDefault(r.ArxivId),
            Paper = papers[r.ArxivId],
            ListDate = r.ListDate,
            SubmittedAt = r.SubmittedAt,
            SubmittedBy = r.SubmittedBy is { } id && readers.Submitters.TryGetValue(id, out var u) ? u : null,
            Listed = r.Listed,
            VerifiedAuthors = readers.VerifiedAuthors[r.ArxivId].ToList(),
            Code = code.GetValueOrDefault(r.ArxivId),
        }).ToList();
    }

    private sealed class EntryRow
    {
        public string ArxivId { get; init; } = "";
        public DateOnly ListDate { get; init; }
        public DateTime SubmittedAt { get; init; }
        public long? SubmittedBy { get; init; }
        public int Upvotes { get; init; }
        public bool Listed { get; init; } = true;
    }
}
