using DailyPapers.Search;
using DailyPapers.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Site;

/// <summary><c>/search</c>: results as paper cards, so the page lives above Search and Community.</summary>
public static class SearchPageEndpoints
{
    public static IEndpointRouteBuilder MapSearchPage(this IEndpointRouteBuilder app)
    {
        // Kept by content version and by this node's index state: the index follows the database up to a poll interval
        // behind, so a page rendered at a version could miss a paper that version already holds; the index moving on
        // (keyword commit, vectors, ready) makes the page stale as a new version does.
        app.MapGet("/search", async Task<IResult> (
                string? q, string? cat, string? from, string? to, string? p, SearchService search, SearchResultCards cards, PaperLookup lookup,
                RenderedPageScope scope, CancellationToken ct) =>
            {
                var view = await SearchEndpoints.PageViewAsync(q, cat, from, to, p, search, cards, lookup, ct);
                if (view.LookupFailed)
                {
                    scope.DoNotKeep();
                }
                // An id, arXiv link or DOI typed in the box: straight to the paper.
                return view.RedirectTo is { } paper ? TypedResults.Redirect(paper) : new RazorComponentResult<SearchPage>(new { View = view });
            })
            .ExcludeFromDescription().RequireRateLimiting(SearchRateLimit.Policy)
            .CacheByContentVersionAndState(
                ctx => ctx.RequestServices.GetRequiredService<SearchIndexes>().State,
                CachedQueryParameter.Text("q", SearchQuery.MaxLength),
                CachedQueryParameter.OptionalField(new CachedQueryParameter("cat", IsCategory)),
                CachedQueryParameter.OptionalField(CachedQueryParameter.Token("from", 10)),
                CachedQueryParameter.OptionalField(CachedQueryParameter.Token("to", 10)),
                CachedQueryParameter.WholeNumber("p"));
        return app;
    }

    /// <summary>An arXiv category as typed in the filter: letters, digits, '-' and '.', at most 32 characters.</summary>
    private static bool IsCategory(string value) =>
        value.Length is > 0 and <= 32 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');
}
