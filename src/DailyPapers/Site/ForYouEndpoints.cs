using System.Security.Claims;
using DailyPapers.Community.Accounts;
using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Recommendations;
using DailyPapers.Web.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Site;

/// <summary>
/// <c>/for-you</c>: the last <see cref="Days"/> days' new papers and daily-list papers ranked for the signed-in reader
/// by <see cref="PersonalRanking"/>, each with its reason (anyone else is sent to sign in, and back); and
/// <c>POST /for-you/not-interested/{arxivId}</c> with <c>marked=true|false</c>, which marks a paper "not interested"
/// or takes the mark back. A plain form POST redirects to <c>returnUrl</c>; a request that accepts JSON (site.js)
/// gets <see cref="NotInterestedState"/>. Never cached: the ranking is the reader's and moves with each signal.
/// </summary>
public static class ForYouEndpoints
{
    /// <summary>Days of new papers ranked, ending today (or on the newest paper's or list's day when the catalogue has nothing newer).</summary>
    public const int Days = 7;

    public const int PageSize = 30;

    public static IEndpointRouteBuilder MapForYou(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/for-you").ExcludeFromDescription().AddEndpointFilter(AccountEndpoints.NoStore);
        pages.MapGet("", Show).RequireAuthorization(AccountPolicies.SignedIn);
        pages.MapPost("/not-interested/{**arxivId}", NotInterested)
            .RequireAuthorization(AccountPolicies.Participate)
            .RequireRateLimiting(CommunityRateLimits.Votes)
            .RequireFormAntiforgery();
        return app;
    }

    private static async Task<IResult> Show(
        int? p, ClaimsPrincipal user, PersonalRanking ranking, PaperFactsReader facts, DailyListStore lists,
        PaperStore papers, TimeProvider clock, CancellationToken ct)
    {
        var userId = user.AccountId()!.Value;
        if (p is < 0 or > 10_000)
        {
            return NotFoundPage.Result("No such page", "Pages of “For you” are numbered from 0.");
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        // A catalogue with nothing new this week (an offline install, the demo) ranks its newest week (of new papers or
        // daily lists), not an empty one.
        DateOnly?[] days = [await facts.LatestPublishedAsync(today, ct), await lists.LatestDateAsync(ct) is { } listed && listed <= today ? listed : null];
        var to = days.Max() is { } newest && newest <= today.AddDays(-Days) ? newest : today;
        var from = to.AddDays(1 - Days);
        var candidates = (await facts.PublishedIdsAsync(from, to, ct))
            .Concat(await lists.RankedIdsAsync(new ListPeriod(PeriodKind.Week, from, to), ct))
            .Distinct(StringComparer.Ordinal).ToList();
        var (ranked, hasSignals) = await ranking.RankAsync(userId, candidates, ct: ct);
        var page = p ?? 0;
        var shown = ranked.Skip(page * PageSize).Take(PageSize).ToList();
        var loaded = (await papers.GetManyAsync(shown.Select(r => r.ArxivId).ToList(), ct)).ToDictionary(x => x.ArxivId, StringComparer.Ordinal);
        var entries = await lists.EntriesForAsync(shown.Where(r => loaded.ContainsKey(r.ArxivId)).Select(r => loaded[r.ArxivId]).ToList(), ct);
        var reasons = shown.ToDictionary(r => r.ArxivId, r => r.Reason, StringComparer.Ordinal);
        var view = new ForYouView
        {
            From = from,
            To = to,
            Papers = entries.Select(e => new ForYouPaper(e, reasons[e.Paper.ArxivId])).ToList(),
            Total = ranked.Count,
            Page = page,
            PageSize = PageSize,
            HasSignals = hasSignals,
        };
        return new RazorComponentResult<ForYouPage>(new { View = view });
    }

    private static async Task<IResult> NotInterested(
        string arxivId, [FromForm] bool? marked, [FromForm] string? returnUrl, HttpContext http, ClaimsPrincipal user, NotInterestedStore store, CancellationToken ct)
    {
        if (!ArxivId.TryParse(arxivId, out var id) || marked is null)
        {
            return TypedResults.BadRequest();
        }
        if (!await store.SetAsync(user.AccountId()!.Value, id.Id, marked.Value, ct))
        {
            return NotFoundPage.Result("Paper not found", $"arXiv:{id.Id} is not in the DailyPapers catalogue.");
        }
        return WantsJson(http.Request)
            ? TypedResults.Ok(new NotInterestedState(id.Id, marked.Value))
            : TypedResults.LocalRedirect(LocalUrl.OrNull(returnUrl) ?? "/for-you");
    }

    private static bool WantsJson(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
}

/// <summary>The answer to a "not interested" POST that asked for JSON.</summary>
public sealed record NotInterestedState(string ArxivId, bool Marked);

/// <summary>A paper on <c>/for-you</c> with why it is where it is.</summary>
public sealed record ForYouPaper(DailyEntry Entry, RecommendationReason Reason);

/// <summary>One page of a reader's <c>/for-you</c>.</summary>
public sealed record ForYouView
{
    /// <summary>The arXiv dates of the new papers ranked (daily-list papers of those days come too).</summary>
    public required DateOnly From { get; init; }

    public required DateOnly To { get; init; }

    public required IReadOnlyList<ForYouPaper> Papers { get; init; }

    /// <summary>Papers ranked in all.</summary>
    public required int Total { get; init; }

    public required int Page { get; init; }

    public required int PageSize { get; init; }

    /// <summary>Whether the reader has upvoted, saved, imported, claimed or picked a topic: without, the page says how to start.</summary>
    public required bool HasSignals { get; init; }

    public int PageCount => (Total + PageSize - 1) / PageSize;
}
