using System.Security.Claims;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Comments.Pages;
using DailyPapers.Papers;
using DailyPapers.Web.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Community.Comments;

/// <summary>
/// Commenting (signed in, not banned, antiforgery on every POST, the <c>comments</c> rate limit on new ones and on
/// edits): <c>POST /comments/{arxivId}</c> (with <c>parentId</c> for a reply), <c>GET|POST /comments/{id}/edit</c>,
/// <c>POST /comments/{id}/delete</c>. Each goes back to the comment on the paper page; a refused text comes back in
/// its form with the reason.
/// </summary>
public static class CommentEndpoints
{
    public static IEndpointRouteBuilder MapComments(this IEndpointRouteBuilder app)
    {
        var comments = app.MapGroup("/comments").ExcludeFromDescription().RequireAuthorization(AccountPolicies.Participate);
        comments.MapGet("/{id:long}/edit", EditForm);
        comments.MapPost("/{id:long}/edit", Edit).RequireFormAntiforgery().RequireRateLimiting(CommunityRateLimits.Comments);
        comments.MapPost("/{id:long}/delete", Delete).RequireFormAntiforgery();
        comments.MapPost("/{**arxivId}", Add).RequireFormAntiforgery().RequireRateLimiting(CommunityRateLimits.Comments);
        return app;
    }

    private static async Task<IResult> Add(
        string arxivId, [FromForm] string? body, [FromForm] long? parentId, ClaimsPrincipal user, CommentStore comments, CancellationToken ct)
    {
        if (!ArxivId.TryParse(arxivId, out var id))
        {
            return NotFoundPage.Result("Paper not found", "That is not an arXiv id.");
        }
        if (CommentMarkdown.Prepare(body, out var html) is { } error)
        {
            return Form(new { ArxivId = id.Id, ParentId = parentId, Body = body, Error = error }, StatusCodes.Status400BadRequest);
        }
        var (outcome, commentId) = await comments.AddAsync(id.Id, user.AccountId()!.Value, parentId, body!, html, ct);
        return outcome switch
        {
            CommentAddOutcome.Added => TypedResults.LocalRedirect($"/papers/{id.Id}#comment-{commentId}"),
            // The text is kept: it can still go up as a comment of its own.
            CommentAddOutcome.ParentDeleted => Form(new
            {
                ArxivId = id.Id, Body = body,
                Error = "The comment you replied to has been deleted, so its thread takes no new replies. You can post your text as a new comment.",
            }, StatusCodes.Status409Conflict),
            _ => NotFoundPage.Result("Paper not found", $"arXiv:{id.Id} is not in the catalogue, or the comment you answered is not on it."),
        };
    }

    private static async Task<IResult> EditForm(long id, ClaimsPrincipal user, CommentStore comments, CancellationToken ct) =>
        await comments.GetAsync(id, ct) is { IsDeleted: false } comment && comment.UserId == user.AccountId()
            ? Form(new { Comment = comment, Body = comment.Body })
            : NotFoundPage.Result("Comment not found", "There is no comment of yours with that number.");

    private static async Task<IResult> Edit(long id, [FromForm] string? body, ClaimsPrincipal user, CommentStore comments, CancellationToken ct)
    {
        if (await comments.GetAsync(id, ct) is not { IsDeleted: false } comment || comment.UserId != user.AccountId())
        {
            return NotFoundPage.Result("Comment not found", "There is no comment of yours with that number.");
        }
        if (CommentMarkdown.Prepare(body, out var html) is { } error)
        {
            return Form(new { Comment = comment, Body = body, Error = error }, StatusCodes.Status400BadRequest);
        }
        await comments.EditAsync(id, comment.UserId, body!, html, ct);
        return TypedResults.LocalRedirect($"/papers/{comment.ArxivId}#comment-{id}");
    }

    private static async Task<IResult> Delete(long id, ClaimsPrincipal user, CommentStore comments, CancellationToken ct)
    {
        if (await comments.GetAsync(id, ct) is not { } comment || !await comments.DeleteAsync(id, user.AccountId()!.Value, ct))
        {
            return NotFoundPage.Result("Comment not found", "There is no comment of yours with that number.");
        }
        return TypedResults.LocalRedirect($"/papers/{comment.ArxivId}#comments");
    }

    private static RazorComponentResult<CommentFormPage> Form(object parameters, int statusCode = StatusCodes.Status200OK) =>
        new(parameters) { StatusCode = statusCode };
}
