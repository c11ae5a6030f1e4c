using System.Security.Claims;
using DailyPapers.Community.Accounts;
using DailyPapers.Papers;
using DailyPapers.Papers.Links;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Community.Links;

/// <summary>
/// <c>POST /links/{arxivId}</c> (<c>githubRepo</c>, <c>projectPage</c>): the form under a paper's "Code" section, for
/// those <see cref="LinkEditors"/> allows. An empty field removes that link; what is set replaces what the
/// paper's text names.
/// </summary>
public static class LinkEndpoints
{
    public static IEndpointRouteBuilder MapLinks(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/links").ExcludeFromDescription().RequireAuthorization(AccountPolicies.Participate)
            .MapPost("/{**arxivId}", SetLinks).RequireFormAntiforgery();
        return app;
    }

    private static async Task<IResult> SetLinks(
        string arxivId, [FromForm] string? githubRepo, [FromForm] string? projectPage, ClaimsPrincipal user,
        PaperStore papers, LinkEditors editors, LinkedCodeStore links, CancellationToken ct)
    {
        if (!ArxivId.TryParse(arxivId, out var id) || await papers.GetAsync(id.Id, ct) is not { Hidden: false })
        {
            return AccountEndpoints.Message("No such paper", "There is no such paper here.", StatusCodes.Status404NotFound);
        }
        if (!await editors.MayEditAsync(id.Id, user, ct))
        {
            return AccountEndpoints.Message("Not allowed", "Only the reader who submitted the paper or one of its verified authors can set its links.",
                StatusCodes.Status403Forbidden, $"/papers/{id.Id}", "Back to the paper");
        }
        githubRepo = githubRepo?.Trim();
        projectPage = projectPage?.Trim();
        string? repo = null;
        string? page = null;
        var error =
            !string.IsNullOrEmpty(githubRepo) && (repo = CodeLinkRules.RepoFromEntry(githubRepo)) is null
                ? "The repository must be a GitHub address written https://github.com/owner/repo."
            : !string.IsNullOrEmpty(projectPage) && (page = CodeLinkRules.ProjectPage(projectPage)) is null
                ? $"The project page must be an https:// address of at most {CodeLinkRules.MaxProjectPageLength} characters."
            : null;
        if (error is not null)
        {
            return AccountEndpoints.Message("Links not saved", error, StatusCodes.Status400BadRequest, $"/papers/{id.Id}#code", "Back to the paper");
        }
        await links.SetAsync(id.Id, repo, page, user.AccountId()!.Value, ct);
        return TypedResults.LocalRedirect($"/papers/{id.Id}#code");
    }
}
