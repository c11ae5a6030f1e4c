using System.Globalization;
using System.Text;
using DailyPapers.Papers;

namespace DailyPapers.Feed.NewPapers;

/// <summary>How <c>/new</c> orders a day's papers.</summary>
public enum NewSort
{
    /// <summary>Most upvoted first, then instance-wide interest when there is a measure of it, then arXiv's order.</summary>
    Community,

    /// <summary>arXiv's own listing order: new submissions in the categories, then cross-lists, each by id.</summary>
    Arxiv,

    /// <summary>The signed-in reader's personal ranking.</summary>
    ForYou,
}

/// <summary>
/// What <c>/new</c>, its feed and <c>GET /api/papers/new</c> were asked for: a day (null: the latest), categories
/// (empty: the harvested ones), an order, a page.
/// </summary>
public sealed record NewPapersQuery
{
    public const int MaxCategories = 20;
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;
    public const int MaxPage = 10_000;

    public DateOnly? Day { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public NewSort Sort { get; init; } = NewSort.Community;
    public int Page { get; init; }
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>The name of a sort in addresses: <c>community</c>, <c>arxiv</c>, <c>for-you</c>.</summary>
    public static string SortName(NewSort sort) => sort switch
    {
        NewSort.Arxiv => "arxiv",
        NewSort.ForYou => "for-you",
        _ => "community",
    };

    /// <summary>
    /// Reads the parameters; each bad one adds a message under its name to <paramref name="errors"/> (categories may be
    /// repeated, <c>cat=cs.CL&amp;cat=cs.CV</c>, or comma-separated, in any case).
    /// </summary>
    public static NewPapersQuery Parse(
        string? date, IEnumerable<string?> categories, string? sort, string? p, string? limit, Dictionary<string, string[]> errors)
    {
        DateOnly? day = null;
        if (date is not null)
        {
            if (ListPeriod.TryParseDay(date, out var period))
            {
                day = period.From;
            }
            else
            {
                errors["date"] = ["date must be a calendar date written yyyy-MM-dd."];
            }
        }
        var cats = new List<string>();
        foreach (var name in categories.SelectMany(c => (c ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (!ArxivCategories.TryCanonical(name, out var canonical))
            {
                errors["cat"] = [$"'{Shorten(name)}' is not an arXiv category or archive (examples: cs.CL, stat.ML, cs)."];
            }
            else if (!cats.Contains(canonical))
            {
                cats.Add(canonical);
            }
        }
        if (cats.Count > MaxCategories)
        {
            errors["cat"] = [$"At most {MaxCategories} categories."];
        }
        var order = NewSort.Community;
        if (sort is not null && !TryParseSort(sort, out order))
        {
            errors["sort"] = ["sort must be community, arxiv or for-you."];
        }
        return new NewPapersQuery
        {
            Day = day,
            Categories = cats,
            Sort = order,
            Page = QueryParameters.Number(p, 0, 0, MaxPage, "p", "p must be a page number from 0.", errors),
            Limit = QueryParameters.Number(limit, DefaultLimit, 1, MaxLimit, "limit", $"limit must be between 1 and {MaxLimit}.", errors),
        };
    }

    /// <summary>
    /// The page's address for these choices, parameters in one order and defaults left out, so one page has one
    /// address (and one entry in the render cache).
    /// </summary>
    public string Path(string basePath = "/new", bool withPage = true)
    {
        var query = new StringBuilder();
        void Add(string name, string value) => query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        if (Day is { } d)
        {
            Add("date", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        foreach (var c in Categories)
        {
            Add("cat", c);
        }
        if (Sort != NewSort.Community)
        {
            Add("sort", SortName(Sort));
        }
        if (withPage && Page > 0)
        {
            Add("p", Page.ToString(CultureInfo.InvariantCulture));
        }
        return basePath + query;
    }

    public static bool TryParseSort(string text, out NewSort sort)
    {
        sort = text.Trim().ToLowerInvariant() switch
        {
            "community" => NewSort.Community,
            "arxiv" => NewSort.Arxiv,
            "for-you" or "foryou" => NewSort.ForYou,
            _ => (NewSort)(-1),
        };
        return Enum.IsDefined(sort);
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
