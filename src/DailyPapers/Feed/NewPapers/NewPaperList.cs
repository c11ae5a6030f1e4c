using DailyPapers.Papers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Feed.NewPapers;

/// <summary>
/// What a layer above Feed adds to the orders: the signed-in reader's ranking for <see cref="NewSort.ForYou"/>, and a
/// measure of every reader's interest for <see cref="NewSort.Community"/>'s ties (the curation's; the first from the recommender). Each
/// gets the day's papers; null, or a function that answers null, means there is none.
/// </summary>
public sealed record NewPaperRanking
{
    public static readonly NewPaperRanking None = new();

    /// <summary>The reader's order of the day's papers (ids, best first).</summary>
    public Func<IReadOnlyList<NewPaperRow>, CancellationToken, Task<IReadOnlyList<string>?>>? ForYou { get; init; }

    /// <summary>Interest across the site's readers, per paper (higher is more).</summary>
    public Func<IReadOnlyList<NewPaperRow>, CancellationToken, Task<IReadOnlyDictionary<string, double>?>>? Interest { get; init; }
}

/// <summary>Everything <c>/new</c>, its feed and its API show: one page of a day's papers in the categories, in an order.</summary>
public sealed record NewPapersView
{
    /// <summary>The day shown; null when no paper in the categories has an announcement day yet.</summary>
    public DateOnly? Day { get; init; }

    /// <summary>The categories shown: those asked for, or <see cref="Harvested"/>.</summary>
    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>The categories the site harvests: the page's chips, and the default.</summary>
    public required IReadOnlyList<string> Harvested { get; init; }

    public required NewPapersQuery Query { get; init; }

    /// <summary>The order used: <see cref="NewPapersQuery.Sort"/>, or community's when a personal ranking was asked for and there is none.</summary>
    public NewSort Sort { get; init; }

    public IReadOnlyList<DailyEntry> Entries { get; init; } = [];
    public int Total { get; init; }
    public DateOnly? Before { get; init; }
    public DateOnly? After { get; init; }

    public int PageCount => Math.Max(1, (Total + Query.Limit - 1) / Query.Limit);

    /// <summary>The personal ranking was asked for but could not be given.</summary>
    public bool ForYouFellBack => Query.Sort == NewSort.ForYou && Sort != NewSort.ForYou;
}

/// <summary>
/// Puts a page of <c>/new</c> together: the day (asked for, or the latest in the categories), its papers' ranking
/// facts in one read, the order, then the cards of that page alone (a handful of batched reads whatever the day's size).
/// </summary>
public sealed class NewPaperList(NewPaperStore store, PaperStore papers, DailyListStore lists, IOptions<HarvestedCategories> harvested)
{
    public IReadOnlyList<string> Harvested => harvested.Value.Effective;

    public async Task<NewPapersView> LoadAsync(NewPapersQuery query, NewPaperRanking ranking, CancellationToken ct = default)
    {
        var categories = query.Categories.Count > 0 ? query.Categories : Harvested;
        var view = new NewPapersView { Categories = categories, Harvested = Harvested, Query = query, Sort = query.Sort };
        var day = query.Day ?? await store.LatestDayAsync(categories, ct);
        if (day is not { } d)
        {
            return view with { Sort = query.Sort == NewSort.ForYou ? NewSort.Community : query.Sort };
        }
        var rows = await store.DayAsync(d, categories, ct);
        var (before, after) = await store.NeighboursAsync(d, categories, ct);
        var (ordered, sort) = await OrderAsync(rows, categories, query.Sort, ranking, ct);
        var pageIds = ordered.Skip(query.Page * query.Limit).Take(query.Limit).ToList();
        var loaded = (await papers.GetManyAsync(pageIds, ct)).ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
        var entries = await lists.EntriesForAsync(pageIds.Where(loaded.ContainsKey).Select(id => loaded[id]).ToList(), ct);
        return view with { Day = d, Sort = sort, Entries = entries, Total = rows.Count, Before = before, After = after };
    }

    private static async Task<(List<string> Ids, NewSort Sort)> OrderAsync(
        IReadOnlyList<NewPaperRow> rows, IReadOnlyList<string> categories, NewSort sort, NewPaperRanking ranking, CancellationToken ct)
    {
        if (sort == NewSort.ForYou && ranking.ForYou is { } forYou && await forYou(rows, ct) is { } personal)
        {
            // The ranking decides; a paper it left out (no vector yet) follows in the community's order.
            var day = rows.Select(r => r.ArxivId).ToHashSet(StringComparer.Ordinal);
            var ranked = personal.Where(day.Contains).Distinct(StringComparer.Ordinal).ToList();
            var inRanking = ranked.ToHashSet(StringComparer.Ordinal);
            var rest = NewPaperOrder.Community(rows.Where(r => !inRanking.Contains(r.ArxivId)), categories).Select(r => r.ArxivId);
            return ([.. ranked, .. rest], NewSort.ForYou);
        }
        if (sort == NewSort.Arxiv)
        {
            return (NewPaperOrder.Arxiv(rows, categories).Select(r => r.ArxivId).ToList(), NewSort.Arxiv);
        }
        var interest = ranking.Interest is { } measure ? await measure(rows, ct) : null;
        return (NewPaperOrder.Community(rows, categories, interest).Select(r => r.ArxivId).ToList(), NewSort.Community);
    }
}
