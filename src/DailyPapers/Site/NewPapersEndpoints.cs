using System.Security.Claims;
using DailyPapers.Community.Accounts;
using DailyPapers.Curation;
using DailyPapers.Feed;
using DailyPapers.Feed.NewPapers;
using DailyPapers.Papers;
using DailyPapers.Web;
using DailyPapers.Web.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Site;

/// <summary>
/// "New on arXiv": <c>/new</c> (a day's harvested papers as cards with votes and saves), its Atom feed
/// <c>/new.atom</c>, and <c>GET /api/papers/new</c> with items shaped like <c>/api/daily_papers</c>'.
/// </summary>
public static class NewPapersEndpoints
{
    /// <summary>At most this many papers in a feed: a whole day of a few categories.</summary>
    public const int AtomLimit = 500;

    /// <summary>A category in arXiv's spelling (<c>cs.CL</c>): the one kept in the render cache.</summary>
    private static readonly CachedQueryParameter Category =
        new("cat", v => ArxivCategories.TryCanonical(v, out var canonical) && canonical == v);

    public static IEndpointRouteBuilder MapNewPapers(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        var date = CachedQueryParameter.Token("date");
        var sort = CachedQueryParameter.Token("sort");
        var page = CachedQueryParameter.WholeNumber("p");
        app.MapGet("/new", NewPage).ExcludeFromDescription().CacheByContentVersion(null, date, Category, sort, page);
        app.MapGet("/new.atom", NewAtom).ExcludeFromDescription().CacheByContentVersion(null, date, Category, sort);
        api.MapGet("/papers/new", NewApi).WithTags("Papers")
            .CacheByContentVersion(null, date, Category, sort, page, CachedQueryParameter.WholeNumber("limit"))
            .WithName("ListNewPapers")
            .WithSummary("The papers arXiv announced on a day (default: the latest) in some categories (default: the harvested ones), " +
                "shaped like /api/daily_papers items. sort: community (votes, then the readers' interest, then arXiv's order), arxiv, for-you (a signed-in reader's ranking).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<IResult> NewPage(
        string? date, string[]? cat, string? sort, string? p, ClaimsPrincipal user, NewPaperList list, CurationStore curation, PersonalRanking personal,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        // The date picker sends an empty date when cleared: the latest day.
        var query = NewPapersQuery.Parse(string.IsNullOrEmpty(date) ? null : date, cat ?? [], sort, p, null, errors);
        if (errors.Count > 0)
        {
            return new RazorComponentResult<NotFoundPage>(new { Heading = "No such page of new papers", Message = string.Join(" ", errors.Values.SelectMany(e => e)) })
            {
                StatusCode = StatusCodes.Status400BadRequest,
            };
        }
        var readerId = user.AccountId();
        var view = await list.LoadAsync(query, Ranking(curation, personal, readerId), ct);
        return new RazorComponentResult<NewPapersPage>(new { View = view, SignedIn = readerId is not null });
    }

    private static async Task<IResult> NewAtom(
        string? date, string[]? cat, string? sort, NewPaperList list, CurationStore curation, SiteUrls urls, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var query = NewPapersQuery.Parse(date, cat ?? [], sort, null, null, errors);
        if (query.Sort == NewSort.ForYou)
        {
            errors["sort"] = ["A feed has no reader to rank for: use community or arxiv."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.Text(string.Join(" ", errors.Values.SelectMany(e => e)), "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }
        var view = await list.LoadAsync(query with { Limit = AtomLimit }, Ranking(curation, null, null), ct);
        var baseUrl = urls.BaseUrl;
        var title = $"DailyPapers: new on arXiv in {string.Join(", ", view.Categories)}{(view.Sort == NewSort.Arxiv ? " (arXiv's order)" : "")}";
        var bytes = DailyListAtom.Write(title, baseUrl + query.Path("/new.atom"), baseUrl + query.Path(), view.Entries, baseUrl,
            clock.GetUtcNow().UtcDateTime, $"The papers arXiv announced on its latest day in {string.Join(", ", view.Categories)}.");
        return TypedResults.Bytes(bytes, DailyListAtom.ContentType);
    }

    /// <summary>
    /// <c>GET /api/papers/new?date=&amp;cat=&amp;sort=&amp;p=&amp;limit=</c>: bad parameters are a 400 naming each; <c>sort=for-you</c>
    /// needs a reader (a Bearer token), and says in <c>X-DailyPapers-Sort</c> which order it gave when it fell back.
    /// </summary>
    private static async Task<Results<Ok<List<DailyPaperJson>>, ValidationProblem, ProblemHttpResult>> NewApi(
        string? date, string[]? cat, string? sort, string? p, string? limit, HttpContext context, NewPaperList list, CurationStore curation,
        PersonalRanking personal, SiteUrls urls, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var query = NewPapersQuery.Parse(date, cat ?? [], sort, p, limit, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid query parameters");
        }
        var readerId = context.User.AccountId();
        if (query.Sort == NewSort.ForYou && readerId is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in needed",
                detail: "sort=for-you ranks the papers for a reader: send Authorization: Bearer with an API token.");
        }
        var view = await list.LoadAsync(query, Ranking(curation, personal, readerId), ct);
        context.Response.Headers["X-DailyPapers-Sort"] = NewPapersQuery.SortName(view.Sort);
        var baseUrl = urls.BaseUrl;
        return TypedResults.Ok(view.Entries.Select(e => DailyPaperJson.From(e, baseUrl)).ToList());
    }

    /// <summary>
    /// What ranks a day beyond votes and arXiv's order: every reader's interest as the curation measured it for the days
    /// it curated (community breaks ties of votes by it, then by arXiv's order), and for a signed-in reader who asks for
    /// for-you, their own ranking (<see cref="PersonalRanking"/>, as on <c>/for-you</c>). A reader with nothing to learn
    /// from yet (no votes, saves, library, claims or topics) gets the community's order, and the page says how to start.
    /// </summary>
    private static NewPaperRanking Ranking(CurationStore curation, PersonalRanking? personal, long? readerId) => new()
    {
        Interest = async (rows, ct) => await curation.InterestAsync(rows.Select(r => r.ArxivId).ToList(), ct) is { Count: > 0 } measured ? measured : null,
        ForYou = personal is null || readerId is not { } reader ? null : async (rows, ct) =>
            await personal.RankAsync(reader, rows.Select(r => r.ArxivId).ToList(), onlyWithSignals: true, ct) is { HasSignals: true } ranked
                ? ranked.Papers.Select(r => r.ArxivId).ToList()
                : null,
    };
}
