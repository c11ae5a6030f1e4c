using DailyPapers.Web;

namespace DailyPapers.Feed;

/// <summary>
/// What the lists offer besides their pages (which show paper cards and so live in Site): <c>/trending.atom</c>
/// and <c>/api/daily_papers</c>. A day's, week's or month's own Atom feed shares its page's address.
/// </summary>
public static partial class FeedEndpoints
{
    public const int PageSize = 50;

    public static IEndpointRouteBuilder MapFeed(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        app.MapGet("/trending.atom", TrendingAtom).ExcludeFromDescription();

        api.MapGet("/daily_papers", DailyPapersApi).WithTags("Daily papers")
            // A trending order decays with the clock, so only the other orders are served from the render cache; a
            // submitter is any text, so those answers are not kept either.
            .CacheByContentVersion(
                ctx => !string.Equals(ctx.Request.Query["sort"], "trending", StringComparison.OrdinalIgnoreCase) && !ctx.Request.Query.ContainsKey("submitter"),
                CachedQueryParameter.Token("date"), CachedQueryParameter.Token("week"), CachedQueryParameter.Token("month"),
                CachedQueryParameter.Token("submitter"), CachedQueryParameter.WholeNumber("p"), CachedQueryParameter.WholeNumber("limit"),
                CachedQueryParameter.Token("sort"))
            .WithName("ListDailyPapers")
            .WithSummary("The papers of a day, ISO week or month, shaped like Hugging Face's /api/daily_papers.")
            .ProducesValidationProblem();
        return app;
    }
}
