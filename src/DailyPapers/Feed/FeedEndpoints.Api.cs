using DailyPapers.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Feed;

public static partial class FeedEndpoints
{
    /// <summary>
    /// <c>GET /api/daily_papers?date=&amp;week=&amp;month=&amp;submitter=&amp;p=&amp;limit=&amp;sort=</c>: at most one of
    /// date (yyyy-MM-dd), week (yyyy-Www) or month (yyyy-MM), default the latest day with papers; p from 0;
    /// limit 1–100 (default 50); sort <c>publishedAt</c> (newest submission first), <c>trending</c>, or by
    /// default the daily page's ranking (upvotes, then submission time).
    /// </summary>
    private static async Task<Results<Ok<List<DailyPaperJson>>, ValidationProblem>> DailyPapersApi(
        string? date, string? week, string? month, string? submitter, string? p, string? limit, string? sort,
        DailyListStore store, SiteUrls urls, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        ListPeriod? period = null;
        if ((date is null ? 0 : 1) + (week is null ? 0 : 1) + (month is null ? 0 : 1) > 1)
        {
            errors["date"] = ["Give at most one of date, week and month."];
        }
        else if (date is not null && !ListPeriod.TryParseDay(date, out period))
        {
            errors["date"] = ["date must be a calendar date written yyyy-MM-dd."];
        }
        else if (week is not null && !ListPeriod.TryParseWeek(week, out period))
        {
            errors["week"] = ["week must be an ISO week written yyyy-Www, e.g. 2025-W50."];
        }
        else if (month is not null && !ListPeriod.TryParseMonth(month, out period))
        {
            errors["month"] = ["month must be written yyyy-MM."];
        }
        var page = QueryParameters.Number(p, 0, 0, 100_000, "p", "p must be a page number from 0.", errors);
        var size = QueryParameters.Number(limit, 50, 1, 100, "limit", "limit must be between 1 and 100.", errors);
        DailySort order = DailySort.Rank;
        if (sort is not null && !TryParseSort(sort, out order))
        {
            errors["sort"] = ["sort must be publishedAt or trending."];
        }
        if (submitter is { Length: > 100 })
        {
            errors["submitter"] = ["submitter is a user name of at most 100 characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid query parameters");
        }
        if (period is null)
        {
            var latest = await store.LatestDateAsync(ct);
            if (latest is null)
            {
                return TypedResults.Ok(new List<DailyPaperJson>());
            }
            period = ListPeriod.Day(latest.Value);
        }
        var entries = await store.ListAsync(period, order, page * size, size, clock.GetUtcNow().UtcDateTime, submitter, ct);
        var baseUrl = urls.BaseUrl;
        return TypedResults.Ok(entries.Select(e => DailyPaperJson.From(e, baseUrl)).ToList());
    }

    private static bool TryParseSort(string s, out DailySort sort)
    {
        sort = s.ToLowerInvariant() switch
        {
            "publishedat" => DailySort.PublishedAt,
            "trending" => DailySort.Trending,
            "rank" or "upvotes" => DailySort.Rank,
            _ => (DailySort)(-1),
        };
        return Enum.IsDefined(sort);
    }
}
