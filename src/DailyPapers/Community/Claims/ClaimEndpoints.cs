using System.Security.Claims;
using System.Text.Json.Serialization;
using DailyPapers.Community.Accounts;
using DailyPapers.Papers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Community.Claims;

/// <summary>
/// Claiming authorship: the form under a paper's authors (<c>POST /claims/{arxivId}</c>, <c>position</c>) and,
/// as on Hugging Face, <c>POST /api/settings/papers/claim {"paperId","claimAuthorId","targetUserId"}</c> with a
/// Bearer token. A claim waits for a moderator (<c>/moderation</c>).
/// </summary>
public static class ClaimEndpoints
{
    public static IEndpointRouteBuilder MapClaims(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        app.MapGroup("/claims").ExcludeFromDescription().RequireAuthorization(AccountPolicies.Participate)
            .MapPost("/{**arxivId}", Claim).RequireFormAntiforgery();
        api.MapPost("/settings/papers/claim", ClaimApi)
            .WithTags("Community").RequireAuthorization(AccountPolicies.ApiWrite)
            .WithName("ClaimAuthorship")
            .WithSummary("Claims one author of a paper for the token's account (pending until a moderator approves), as Hugging Face's /api/settings/papers/claim.");
        return app;
    }

    private static async Task<IResult> Claim(string arxivId, [FromForm] int? position, ClaimsPrincipal user, ClaimStore claims, CancellationToken ct)
    {
        var outcome = ArxivId.TryParse(arxivId, out var id) && position is { } p
            ? await claims.ClaimAsync(id.Id, p, user.AccountId()!.Value, ct)
            : ClaimOutcome.NoSuchAuthor;
        return outcome switch
        {
            ClaimOutcome.NoSuchAuthor => AccountEndpoints.Message("Not claimed", "That paper has no such author.", StatusCodes.Status404NotFound),
            ClaimOutcome.TooManyPending => AccountEndpoints.Message("Not claimed", TooManyPending(claims), StatusCodes.Status409Conflict,
                $"/papers/{id.Id}", "Back to the paper"),
            _ => AccountEndpoints.Message("Claim sent", "A moderator will look at your claim. Once approved, the author's name links to your profile.",
                StatusCodes.Status200OK, $"/papers/{id.Id}", "Back to the paper"),
        };
    }

    private static string TooManyPending(ClaimStore claims) =>
        $"You have {claims.MaxPendingPerUser} claims waiting for a moderator, the most at once. Claim more once they are decided.";

    private static async Task<Results<Ok<ClaimResponse>, ProblemHttpResult>> ClaimApi(
        ClaimRequest? request, ClaimsPrincipal user, PaperStore papers, ClaimStore claims, CancellationToken ct)
    {
        var userId = user.AccountId()!.Value;
        if (request?.TargetUserId is { } target && target != HfIds.ForUser(userId))
        {
            return TypedResults.Problem("A token can only claim for its own account.", statusCode: StatusCodes.Status403Forbidden, title: "Not your account");
        }
        if (!ArxivId.TryParse(request?.PaperId, out var id) || await papers.GetAsync(id.Id, ct) is not { Hidden: false } paper)
        {
            return TypedResults.Problem("No such paper.", statusCode: StatusCodes.Status404NotFound, title: "Paper not found");
        }
        var position = Enumerable.Range(0, paper.Authors.Count).Cast<int?>()
            .FirstOrDefault(i => PaperJson.AuthorId(paper.ArxivId, i!.Value) == request!.ClaimAuthorId);
        if (position is not { } pos)
        {
            return TypedResults.Problem("claimAuthorId is not one of the paper's author ids (paper.authors[]._id).", statusCode: StatusCodes.Status400BadRequest, title: "No such author");
        }
        return await claims.ClaimAsync(paper.ArxivId, pos, userId, ct) switch
        {
            ClaimOutcome.AlreadyClaimed => TypedResults.Problem("You have claimed this author already.", statusCode: StatusCodes.Status409Conflict, title: "Already claimed"),
            ClaimOutcome.TooManyPending => TypedResults.Problem(TooManyPending(claims), statusCode: StatusCodes.Status409Conflict, title: "Too many pending claims"),
            _ => TypedResults.Ok(new ClaimResponse("pending")),
        };
    }
}

/// <summary>The body of <c>POST /api/settings/papers/claim</c>.</summary>
public sealed record ClaimRequest(
    [property: JsonPropertyName("paperId")] string? PaperId,
    [property: JsonPropertyName("claimAuthorId")] string? ClaimAuthorId,
    [property: JsonPropertyName("targetUserId")] string? TargetUserId);

/// <summary>The answer: the claim waits for a moderator.</summary>
public sealed record ClaimResponse([property: JsonPropertyName("status")] string Status);
