using System.Globalization;
using DailyPapers.Feed;
using DailyPapers.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Search;

/// <summary>
/// What the search page shows (the page itself shows paper cards, so it lives in Site), its Atom feed
/// <c>/search.atom</c> and <c>GET /api/papers/search</c>.
/// </summary>
public static partial class SearchEndpoints
{
    public const int ApiMaxQueryLength = 250;
    public const int ApiMaxLimit = 120;
    public const int ApiDefaultLimit = 50;

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        // Not cached by content version: this node's index follows the database up to a poll interval behind,
        // so a page cached at a version could miss a paper that version already holds.
        // One rate-limit budget for /search (in Site), /search.atom and the API: every query runs an embedding.
        app.MapGet("/search.atom", SearchAtom).ExcludeFromDescription().RequireRateLimiting(SearchRateLimit.Policy);
        api.MapGet("/papers/search", SearchApi).WithTags("Search").RequireRateLimiting(SearchRateLimit.Policy)
            .WithName("SearchPapers")
            .WithSummary("Hybrid (keyword + semantic) search, shaped like Hugging Face's /api/papers/search: q up to 250 characters (none: the latest papers), limit 1–120 (default 50).")
            .ProducesValidationProblem();
        // Not in the search budget: asked on every pause in typing, and it embeds nothing (a few index lookups).
        api.MapGet("/papers/suggest", SuggestApi).WithTags("Search")
            .WithName("SuggestSearches")
            .WithSummary("Suggestions while typing: paper titles, author names and categories matching q (up to 100 characters typed so far), limit 1–20 (default 8).")
            .ProducesValidationProblem();
        return app;
    }

    /// <summary>The search page's view of <c>/search?q=…&amp;cat=…&amp;from=…&amp;to=…&amp;p=…</c>: bad filters become notices, never errors.</summary>
    /// <remarks>An arXiv id, arXiv link or DOI names a paper: the view then only says where to go (<see cref="SearchPageView.RedirectTo"/>).</remarks>
    public static async Task<SearchPageView> PageViewAsync(
        string? q, string? cat, string? from, string? to, string? p, SearchService search, SearchResultCards cards, PaperLookup lookup, CancellationToken ct)
    {
        var notices = new List<string>();
        // An arXiv id, arXiv link or DOI goes straight to its paper (fetched from arXiv when the catalogue lacks it).
        var named = await lookup.FindAsync(SearchQuery.Parse(q), ct);
        if (named.Paper is { } paper)
        {
            return new SearchPageView { Query = q ?? "", RedirectTo = "/papers/" + paper.ArxivId };
        }
        if (named.Problem is { } problem)
        {
            notices.Add(problem);
        }
        var view = new SearchPageView
        {
            Query = q ?? "",
            LookupFailed = named.Problem is not null,
            Category = ParseCategory(cat, notices),
            From = ParseDate(from, "From", notices),
            To = ParseDate(to, "To", notices),
        };
        if (view.From > view.To)
        {
            notices.Add("The “from” date is after the “to” date, so they were swapped.");
            view = view with { From = view.To, To = view.From };
        }
        var maxPage = SearchService.MaxResults / SearchPageView.PageSize - 1;
        var page = 0;
        if (p is not null && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page > maxPage))
        {
            notices.Add($"Pages run from 0 to {maxPage}; showing the first page.");
            page = 0;
        }
        view = view with { Page = page };
        if (!view.Searched)
        {
            return view with { Notices = notices, Coverage = search.Coverage };
        }
        var results = search.Search(new SearchRequest
        {
            Query = view.Query,
            Filter = new SearchFilter { Category = view.Category, From = view.From, To = view.To },
            Offset = page * SearchPageView.PageSize,
            Limit = SearchPageView.PageSize,
        });
        if (results.QueryTruncated)
        {
            notices.Add(string.Create(CultureInfo.InvariantCulture, $"Your query is longer than {SearchQuery.MaxLength:N0} characters: only its beginning was searched."));
        }
        if (results.EmptyQuery)
        {
            notices.Add("Your query has no letters or digits to search for.");
        }
        return view with
        {
            Notices = notices,
            Total = results.Total,
            Cards = await cards.LoadAsync(results.Hits, ct),
            Coverage = results.Coverage,
            IndexReady = results.IndexReady,
            DidYouMean = results.DidYouMean,
            Fuzzy = results.Fuzzy,
        };
    }

    private static async Task<Results<Ok<List<DailyPaperJson>>, ValidationProblem>> SearchApi(
        string? q, string? limit, SearchService search, SearchResultCards cards, PaperLookup lookup, DailyListStore lists, SiteUrls urls,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (q is { Length: > ApiMaxQueryLength })
        {
            errors["q"] = [$"q must be at most {ApiMaxQueryLength} characters."];
        }
        var size = ApiDefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > ApiMaxLimit))
        {
            errors["limit"] = [$"limit must be between 1 and {ApiMaxLimit}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid query parameters");
        }
        var baseUrl = urls.BaseUrl;
        if (string.IsNullOrWhiteSpace(q))
        {
            // Hugging Face's client makes the query optional: no query lists the latest papers.
            var latest = await lists.LatestAsync(size, clock.GetUtcNow().UtcDateTime, ct);
            return TypedResults.Ok(latest.Select(e => DailyPaperJson.From(e, baseUrl)).ToList());
        }
        // A query that names a paper (id, link, DOI) answers with that paper, fetched from arXiv if need be.
        var named = await lookup.FindAsync(SearchQuery.Parse(q), ct);
        var found = named.Paper is { } paper
            ? await cards.LoadAsync(paper, ct)
            : await cards.LoadAsync(search.Search(new SearchRequest { Query = q, Limit = size, Highlight = false }).Hits, ct);
        return TypedResults.Ok(found.Select(c => DailyPaperJson.From(c.Entry, baseUrl)).ToList());
    }

    private static string? ParseCategory(string? text, List<string> notices)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (text.Length <= 40 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
        {
            return text;
        }
        notices.Add("A category looks like cs.CL or hep-th; the category filter was left out.");
        return null;
    }

    private static DateOnly? ParseDate(string? text, string name, List<string> notices)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        notices.Add($"“{(text.Length > 30 ? text[..30] + "…" : text)}” is not a date (year-month-day): the {name.ToLowerInvariant()} date was left out.");
        return null;
    }
}
