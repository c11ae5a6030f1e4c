using System.Security.Claims;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Claims;
using DailyPapers.Community.Comments;
using DailyPapers.Community.Moderation.Pages;
using DailyPapers.Papers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Community.Moderation;

/// <summary>
/// Moderators and admins only: <c>/moderation</c> (pending authorship claims, and forms to hide a paper, delete a
/// comment, ban a reader) and <c>/moderation/log</c>, the audit log every action below writes to.
/// </summary>
public static class ModerationEndpoints
{
    public static IEndpointRouteBuilder MapModeration(this IEndpointRouteBuilder app)
    {
        var moderation = app.MapGroup("/moderation").ExcludeFromDescription().RequireAuthorization(AccountPolicies.Moderate);
        moderation.MapGet("", Dashboard);
        moderation.MapGet("/log", Log);
        moderation.MapPost("/claims/{id:long}", DecideClaim).RequireFormAntiforgery();
        moderation.MapPost("/papers", HidePaper).RequireFormAntiforgery();
        moderation.MapPost("/comments", DeleteComment).RequireFormAntiforgery();
        moderation.MapPost("/bans", Ban).RequireFormAntiforgery();
        return app;
    }

    private static async Task<IResult> Dashboard(string? done, int? p, ClaimsPrincipal user, ClaimStore claims, CancellationToken ct) =>
        new RazorComponentResult<ModerationPage>(new { Pending = await claims.PendingAsync(p ?? 0, ct), Done = done, ViewerId = user.AccountId()!.Value });

    private static async Task<IResult> Log(ModerationStore log, CancellationToken ct) =>
        new RazorComponentResult<ModerationLogPage>(new { Entries = await log.ListAsync(500, ct) });

    private static async Task<IResult> DecideClaim(
        long id, [FromForm] string? decision, ClaimsPrincipal user, ClaimStore claims, ModerationStore log, CancellationToken ct)
    {
        var approve = decision == "approve";
        var moderator = user.AccountId()!.Value;
        var claim = await claims.GetAsync(id, ct);
        if (claim?.UserId == moderator)
        {
            return Done("This is your own claim: another moderator decides it.", StatusCodes.Status403Forbidden);
        }
        if (claim is null
            || !await log.ActAsync(moderator, approve ? "approve-claim" : "reject-claim", $"{claim.ArxivId} author {claim.AuthorName} for @{claim.Handle}", null,
                (c, tx) => claims.DecideAsync(c, tx, id, approve, moderator, ct), ct))
        {
            return Done("That claim is not pending, or the author is verified for someone else already.", StatusCodes.Status409Conflict);
        }
        return TypedResults.LocalRedirect("/moderation?done=claim");
    }

    private static async Task<IResult> HidePaper(
        [FromForm] string? arxivId, [FromForm] bool? hidden, [FromForm] string? reason, ClaimsPrincipal user, ModerationStore log, CancellationToken ct)
    {
        if (RefuseReason(reason) is { } refused)
        {
            return refused;
        }
        if (!ArxivId.TryParse(arxivId, out var id)
            || !await log.ActAsync(user.AccountId()!.Value, hidden != false ? "hide-paper" : "show-paper", id.Id, Reason(reason),
                (c, tx) => ModerationStore.SetHiddenAsync(c, tx, id.Id, hidden != false, ct), ct))
        {
            return Done("No such paper.", StatusCodes.Status404NotFound);
        }
        return TypedResults.LocalRedirect("/moderation?done=paper");
    }

    private static async Task<IResult> DeleteComment(
        [FromForm] long? commentId, [FromForm] string? reason, ClaimsPrincipal user, CommentStore comments, ModerationStore log, CancellationToken ct)
    {
        if (RefuseReason(reason) is { } refused)
        {
            return refused;
        }
        if (commentId is not { } id || await comments.GetAsync(id, ct) is not { } comment
            || !await log.ActAsync(user.AccountId()!.Value, "delete-comment", $"comment {id} by @{comment.Handle} on {comment.ArxivId}", Reason(reason),
                (c, tx) => comments.DeleteAsync(c, tx, id, null, ct), ct))
        {
            return Done("No such comment (or it is deleted already).", StatusCodes.Status404NotFound);
        }
        return TypedResults.LocalRedirect("/moderation?done=comment");
    }

    private static async Task<IResult> Ban(
        [FromForm] string? handle, [FromForm] bool? ban, [FromForm] string? reason, ClaimsPrincipal user, AccountStore accounts, ModerationStore log, CancellationToken ct)
    {
        if (RefuseReason(reason) is { } refused)
        {
            return refused;
        }
        var banning = ban != false;
        if (await accounts.FindByHandleAsync(handle?.Trim().TrimStart('@') ?? "", ct) is not { } account
            || (banning && string.IsNullOrWhiteSpace(reason)))
        {
            return Done("No reader has that handle, or the ban has no reason.", StatusCodes.Status400BadRequest);
        }
        if (!account.CanBeBannedBy(user.AccountId()!.Value, user.Role()))
        {
            return Done("Moderators ban and unban readers, admins readers and moderators; nobody bans or unbans themselves, and only "
                + "the server's users verb acts on admins.", StatusCodes.Status403Forbidden);
        }
        await log.ActAsync(user.AccountId()!.Value, banning ? "ban" : "unban", "@" + account.Handle, Reason(reason),
            (c, tx) => accounts.SetBannedAsync(c, tx, account.Id, banning ? Reason(reason) : null), ct);
        return TypedResults.LocalRedirect("/moderation?done=ban");
    }

    /// <summary>The answer when a reason holds a control character (the audit log could not store U+0000 on PostgreSQL), else null.</summary>
    private static IResult? RefuseReason(string? reason) =>
        ReaderText.ControlCharacterError(reason, "The reason") is { } error ? Done(error, StatusCodes.Status400BadRequest) : null;

    private static string? Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()[..Math.Min(reason.Trim().Length, 500)];

    private static IResult Done(string message, int status) => AccountEndpoints.Message("Not done", message, status, "/moderation", "Back to moderation");
}
