using DailyPapers.Feed.Pages;
using DailyPapers.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Feed;

public static partial class FeedEndpoints
{
    /// <summary>How far back <c>/trending</c> looks: papers that went on a daily list in these last days.</summary>
    public const int TrendingDays = 7;

    /// <summary>
    /// <c>/trending</c>: the last week's papers by <see cref="TrendingScore"/>. Not cached by content version:
    /// the order moves with the clock even when nothing is written.
    /// </summary>
    private static async Task<IResult> Trending(DailyListStore store, TimeProvider clock, CancellationToken ct)
    {
        var entries = await TrendingEntriesAsync(store, clock.GetUtcNow().UtcDateTime, ct);
        return new RazorComponentResult<TrendingPage>(new { Entries = entries, Days = TrendingDays });
    }

    /// <summary><c>/trending.atom</c>: the papers of <c>/trending</c>, in its order (not cached either, for the same reason).</summary>
    private static async Task<IResult> TrendingAtom(HttpContext ctx, DailyListStore store, SiteUrls urls, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var baseUrl = urls.BaseUrl(ctx);
        var bytes = DailyListAtom.Write("DailyPapers: trending papers", $"{baseUrl}/trending.atom", $"{baseUrl}/trending",
            await TrendingEntriesAsync(store, now, ct), baseUrl, now,
            $"Papers of the last {TrendingDays} days on DailyPapers, ranked by recent upvotes.");
        return TypedResults.Bytes(bytes, DailyListAtom.ContentType);
    }

    private static Task<IReadOnlyList<DailyEntry>> TrendingEntriesAsync(DailyListStore store, DateTime now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now);
        var period = new ListPeriod(PeriodKind.Week, today.AddDays(1 - TrendingDays), today);
        return store.ListAsync(period, DailySort.Trending, 0, PageSize, now, ct: ct);
    }
}
