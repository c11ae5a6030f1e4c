using System.Security.Claims;
using DailyPapers.Community.Accounts;
using DailyPapers.Papers;
using DailyPapers.Web.Components;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Community.Votes;

/// <summary>
/// <c>POST /vote/{arxivId}</c> with <c>vote=up</c> or <c>vote=remove</c>: sets the signed-in reader's vote.
/// The form carries the state it wants, not "toggle", so a double click votes once. A plain form POST
/// redirects back to <c>returnUrl</c>; a request that accepts JSON (site.js) gets <see cref="VoteState"/>.
/// </summary>
public static class VoteEndpoints
{
    public static IEndpointRouteBuilder MapVotes(this IEndpointRouteBuilder app)
    {
        var votes = app.MapGroup("/vote").ExcludeFromDescription()
            .RequireAuthorization(AccountPolicies.Participate)
            .RequireRateLimiting(CommunityRateLimits.Votes);
        votes.MapPost("/{**arxivId}", Vote).RequireFormAntiforgery();
        return app;
    }

    private static async Task<IResult> Vote(
        string arxivId, [FromForm] string? vote, [FromForm] string? returnUrl, HttpContext http, ClaimsPrincipal user, VoteStore votes, CancellationToken ct)
    {
        if (!ArxivId.TryParse(arxivId, out var id) || vote is not ("up" or "remove"))
        {
            return TypedResults.BadRequest();
        }
        var state = await votes.SetAsync(user.AccountId()!.Value, id.Id, vote == "up", ct);
        if (state is null)
        {
            return NotFoundPage.Result("Paper not found", $"arXiv:{id.Id} is not in the DailyPapers catalogue.");
        }
        return WantsJson(http.Request)
            ? TypedResults.Ok(state)
            : TypedResults.LocalRedirect(LocalUrl.OrNull(returnUrl) ?? "/papers/" + id.Id);
    }

    private static bool WantsJson(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
}
