using System.Security.Claims;
using System.Text.Json.Serialization;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Submissions.Pages;
using DailyPapers.Feed;
using DailyPapers.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Community.Submissions;

/// <summary>
/// Submitting a paper to today's list: the form at <c>/submit</c> (signed in, not banned) and, as on Hugging
/// Face, <c>POST /api/papers/index {"arxivId"}</c> with a Bearer token. Both share the <c>submissions</c> rate limit.
/// </summary>
public static class SubmissionEndpoints
{
    public static IEndpointRouteBuilder MapSubmissions(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        var pages = app.MapGroup("/submit").ExcludeFromDescription().RequireAuthorization(AccountPolicies.Participate);
        pages.MapGet("", (string? arxivId) => Page(new { ArxivId = arxivId }));
        pages.MapPost("", Submit).RequireFormAntiforgery().RequireRateLimiting(CommunityRateLimits.Submissions);

        api.MapPost("/papers/index", SubmitApi)
            .WithTags("Community")
            .RequireAuthorization(AccountPolicies.ApiWrite)
            .RequireRateLimiting(CommunityRateLimits.Submissions)
            .WithName("IndexPaper")
            .WithSummary("Submits an arXiv paper to today's daily list (Authorization: Bearer dpt_…), as Hugging Face's /api/papers/index.");
        return app;
    }

    private static async Task<IResult> Submit(
        [FromForm] string? arxivId, ClaimsPrincipal user, SubmissionService submissions, CancellationToken ct)
    {
        var result = await submissions.SubmitAsync(arxivId, user.AccountId()!.Value, ct);
        if (result.Outcome == SubmissionOutcome.Added)
        {
            return TypedResults.LocalRedirect($"/papers/{result.ArxivId}");
        }
        return Page(new { ArxivId = arxivId, Result = result }, StatusOf(result.Outcome));
    }

    private static async Task<Results<Ok<DailyPaperJson>, ProblemHttpResult>> SubmitApi(
        SubmitPaperRequest? request, ClaimsPrincipal user, SubmissionService submissions, SiteUrls urls, CancellationToken ct)
    {
        var result = await submissions.SubmitAsync(request?.ArxivId, user.AccountId()!.Value, ct);
        if (result.Outcome == SubmissionOutcome.Added && result.Entry is { } entry)
        {
            return TypedResults.Ok(DailyPaperJson.From(entry, urls.BaseUrl));
        }
        var extensions = result.Entry is { } existing
            ? new Dictionary<string, object?> { ["url"] = $"{urls.BaseUrl}/papers/{existing.Paper.ArxivId}" }
            : null;
        return TypedResults.Problem(result.Message, statusCode: StatusOf(result.Outcome), title: TitleOf(result.Outcome), extensions: extensions);
    }

    private static int StatusOf(SubmissionOutcome outcome) => outcome switch
    {
        SubmissionOutcome.Added => StatusCodes.Status200OK,
        SubmissionOutcome.AlreadyListed => StatusCodes.Status409Conflict,
        SubmissionOutcome.NotFound => StatusCodes.Status404NotFound,
        SubmissionOutcome.ArxivUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string TitleOf(SubmissionOutcome outcome) => outcome switch
    {
        SubmissionOutcome.AlreadyListed => "Paper already submitted",
        SubmissionOutcome.NotFound => "Paper not found",
        SubmissionOutcome.OutsideWindow => "Paper too old to submit",
        SubmissionOutcome.ArxivUnavailable => "arXiv unavailable",
        _ => "Malformed arXiv id",
    };

    private static RazorComponentResult<SubmitPage> Page(object parameters, int statusCode = StatusCodes.Status200OK) =>
        new RazorComponentResult<SubmitPage>(parameters) { StatusCode = statusCode };
}

/// <summary>The body of <c>POST /api/papers/index</c>.</summary>
public sealed record SubmitPaperRequest([property: JsonPropertyName("arxivId")] string? ArxivId);
