using DailyPapers.Search;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Site;

/// <summary><c>/search</c>: results as paper cards, so the page lives above Search and Community.</summary>
public static class SearchPageEndpoints
{
    public static IEndpointRouteBuilder MapSearchPage(this IEndpointRouteBuilder app)
    {
        // Not cached by content version: this node's index follows the database up to a poll interval behind,
        // so a page cached at a version could miss a paper that version already holds.
        app.MapGet("/search", async Task<IResult> (
                string? q, string? cat, string? from, string? to, string? p, SearchService search, SearchResultCards cards, PaperLookup lookup, CancellationToken ct) =>
            {
                var view = await SearchEndpoints.PageViewAsync(q, cat, from, to, p, search, cards, lookup, ct);
                // An id, arXiv link or DOI typed in the box: straight to the paper.
                return view.RedirectTo is { } paper ? TypedResults.Redirect(paper) : new RazorComponentResult<SearchPage>(new { View = view });
            })
            .ExcludeFromDescription().RequireRateLimiting(SearchRateLimit.Policy);
        return app;
    }
}
