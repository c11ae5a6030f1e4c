using DailyPapers.Feed.Pages;
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
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var period = new ListPeriod(PeriodKind.Week, today.AddDays(1 - TrendingDays), today);
        var entries = await store.ListAsync(period, DailySort.Trending, 0, PageSize, now, ct: ct);
        return new RazorComponentResult<TrendingPage>(new { Entries = entries, Days = TrendingDays });
    }
}
