namespace DailyPapers.Search;

/// <summary>What the search page shows.</summary>
public sealed record SearchPageView
{
    public const int PageSize = 20;

    public string Query { get; init; } = "";
    public string? Category { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int Page { get; init; }
    public int Total { get; init; }
    public IReadOnlyList<SearchResultCard> Cards { get; init; } = [];
    public SearchCoverage Coverage { get; init; } = new(0, 0);
    public bool IndexReady { get; init; } = true;

    /// <summary>
    /// The query named a paper that could not be fetched now (arXiv unreachable, say): the page says so, and is not
    /// worth keeping, since the next attempt may succeed.
    /// </summary>
    public bool LookupFailed { get; init; }

    /// <summary>Where to send the reader instead of showing results: the page of the paper the query names.</summary>
    public string? RedirectTo { get; init; }

    /// <summary>The query with unknown words replaced by the closest indexed words, offered as a link.</summary>
    public string? DidYouMean { get; init; }

    /// <summary>Results include close spellings of words no paper holds.</summary>
    public bool Fuzzy { get; init; }

    /// <summary>The address of the same search (filters kept) for another query: "did you mean".</summary>
    public string QueryUrl(string query) => Url("/search", query, 0);

    /// <summary>Things the reader should know about the query (cut, bad dates, nothing to search for).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    public bool Searched => Query.Trim().Length > 0;
    public int PageCount => (Math.Min(Total, SearchService.MaxResults) + PageSize - 1) / PageSize;

    /// <summary>This search's address on another page (filters kept).</summary>
    public string PageUrl(int page) => Url("/search", Query, page);

    /// <summary>
    /// This search's Atom feed (filters kept, the query cut as it was searched), or null when there is nothing
    /// to search for, which the feed would refuse.
    /// </summary>
    public string? FeedUrl => Searched && SearchQuery.Parse(Query) is { IsEmpty: false } parsed
        ? Url("/search.atom", parsed.Truncated ? Query[..SearchQuery.MaxLength] : Query, 0)
        : null;

    private string Url(string path, string query, int page)
    {
        var parts = new List<string> { "q=" + Uri.EscapeDataString(query) };
        if (!string.IsNullOrEmpty(Category))
        {
            parts.Add("cat=" + Uri.EscapeDataString(Category));
        }
        if (From is { } f)
        {
            parts.Add("from=" + f.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }
        if (To is { } t)
        {
            parts.Add("to=" + t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }
        if (page > 0)
        {
            parts.Add("p=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return path + "?" + string.Join("&", parts);
    }
}
