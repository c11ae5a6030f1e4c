using DailyPapers.Web;

namespace DailyPapers.Feed;

public static partial class FeedEndpoints
{
    /// <summary>How far back <c>/trending</c> looks: papers that went on a daily list in these last days.</summary>
    public const int TrendingDays = 7;

    /// <summary>
    /// <c>/trending.atom</c>: the papers of <c>/trending</c>, in its order. Not cached by content version: the order
    /// moves with the clock even when nothing is written.
    /// </summary>
    private static async Task<IResult> TrendingAtom(DailyListStore store, SiteUrls urls, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var baseUrl = urls.BaseUrl;
        var bytes = DailyListAtom.Write("DailyPapers: trending papers", $"{baseUrl}/trending.atom", $"{baseUrl}/trending",
            await TrendingEntriesAsync(store, now, ct), baseUrl, now,
            $"Papers of the last {TrendingDays} days on DailyPapers, ranked by recent upvotes.");
        return TypedResults.Bytes(bytes, DailyListAtom.ContentType);
    }

    /// <summary>The papers of <c>/trending</c> and its feed: the last <see cref="TrendingDays"/> days' lists by trending score.</summary>
    public static Task<IReadOnlyList<DailyEntry>> TrendingEntriesAsync(DailyListStore store, DateTime now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now);
        var period = new ListPeriod(PeriodKind.Week, today.AddDays(1 - TrendingDays), today);
        return store.ListAsync(period, DailySort.Trending, 0, PageSize, now, ct: ct);
    }
}
