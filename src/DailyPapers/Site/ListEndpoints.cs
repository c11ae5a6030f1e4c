using DailyPapers.Feed;
using DailyPapers.Web;
using DailyPapers.Web.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Site;

/// <summary>
/// The home page and the daily, weekly and monthly lists (with their Atom feeds, which share the address), and
/// <c>/trending</c>: pages of paper cards, so they compose the lists (Feed) with the reader's votes and saves.
/// </summary>
public static class ListEndpoints
{
    private const int PageSize = FeedEndpoints.PageSize;

    public static IEndpointRouteBuilder MapLists(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").ExcludeFromDescription();
        var page = CachedQueryParameter.WholeNumber("p");
        pages.MapGet("/", Home).CacheByContentVersion();
        pages.MapGet("/papers/date", PickDate).CacheByContentVersion(query: CachedQueryParameter.Token("date"));
        pages.MapGet("/papers/date/{key}", (string key, int? p, DailyListStore store, SiteUrls urls, TimeProvider clock, CancellationToken ct) =>
            ListOrFeed(key, ListPeriod.TryParseDay, p, store, urls, clock, ct)).CacheByContentVersion(query: page);
        pages.MapGet("/papers/week/{key}", (string key, int? p, DailyListStore store, SiteUrls urls, TimeProvider clock, CancellationToken ct) =>
            ListOrFeed(key, ListPeriod.TryParseWeek, p, store, urls, clock, ct)).CacheByContentVersion(query: page);
        pages.MapGet("/papers/month/{key}", (string key, int? p, DailyListStore store, SiteUrls urls, TimeProvider clock, CancellationToken ct) =>
            ListOrFeed(key, ListPeriod.TryParseMonth, p, store, urls, clock, ct)).CacheByContentVersion(query: page);

        app.MapGet("/trending", Trending).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Home(DailyListStore store, TimeProvider clock, CancellationToken ct)
    {
        var latest = await store.LatestDateAsync(ct) ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var view = await LoadAsync(store, ListPeriod.Day(latest), 0, clock, ct) with { IsHome = true };
        return new RazorComponentResult<DailyListPage>(new { View = view });
    }

    /// <summary>The date picker's form posts <c>?date=</c>; send the reader to the canonical address.</summary>
    private static IResult PickDate(string? date) =>
        ListPeriod.TryParseDay(date, out var period)
            ? TypedResults.Redirect(period.Path)
            : NotFoundPage.Result("That is not a date", "Pick a day with the date picker, as year-month-day.");

    private static async Task<IResult> ListOrFeed(
        string key, PeriodParserFunc parse, int? p, DailyListStore store, SiteUrls urls, TimeProvider clock, CancellationToken ct)
    {
        var atom = key.EndsWith(".atom", StringComparison.OrdinalIgnoreCase);
        if (atom)
        {
            key = key[..^5];
        }
        if (!parse(key, out var period) || p is < 0 or > 10_000)
        {
            return NotFoundPage.Result("No such list", $"“{key}” is not a day (2025-12-11), an ISO week (2025-W50) or a month (2025-12).");
        }
        if (atom)
        {
            var baseUrl = urls.BaseUrl;
            var entries = await store.ListAsync(period, DailySort.Rank, 0, 100, clock.GetUtcNow().UtcDateTime, ct: ct);
            var bytes = DailyListAtom.Write($"DailyPapers: {period.Title}", $"{baseUrl}{period.Path}.atom", $"{baseUrl}{period.Path}",
                entries, baseUrl, clock.GetUtcNow().UtcDateTime);
            return TypedResults.Bytes(bytes, DailyListAtom.ContentType);
        }
        var view = await LoadAsync(store, period, p ?? 0, clock, ct);
        return new RazorComponentResult<DailyListPage>(new { View = view });
    }

    private delegate bool PeriodParserFunc(string? s, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ListPeriod? period);

    private static async Task<DailyListView> LoadAsync(DailyListStore store, ListPeriod period, int page, TimeProvider clock, CancellationToken ct)
    {
        var total = await store.CountAsync(period, ct);
        var entries = total == 0 ? [] : await store.ListAsync(period, DailySort.Rank, page * PageSize, PageSize, clock.GetUtcNow().UtcDateTime, ct: ct);
        var (before, after) = total == 0 ? await store.NeighboursAsync(period, ct) : (null, null);
        return new DailyListView { Period = period, Entries = entries, Total = total, Page = page, PageSize = PageSize, Before = before, After = after };
    }

    /// <summary>
    /// <c>/trending</c>: the last week's papers by <see cref="TrendingScore"/>, or with <c>?sort=stars</c> by their
    /// repositories' GitHub stars (as Hugging Face's trending view can; papers without stars follow, by score). Not
    /// cached by content version: the order moves with the clock even when nothing is written.
    /// </summary>
    private static async Task<IResult> Trending(string? sort, DailyListStore store, TimeProvider clock, CancellationToken ct)
    {
        var entries = await FeedEndpoints.TrendingEntriesAsync(store, clock.GetUtcNow().UtcDateTime, ct);
        var byStars = string.Equals(sort, "stars", StringComparison.OrdinalIgnoreCase);
        if (byStars)
        {
            entries = entries.OrderByDescending(e => e.Code?.Stars ?? -1).ToList(); // stable: ties keep the score order
        }
        return new RazorComponentResult<TrendingPage>(new { Entries = entries, Days = FeedEndpoints.TrendingDays, ByStars = byStars });
    }
}
