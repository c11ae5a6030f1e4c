using System.Security.Claims;
using DailyPapers.Community;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Moderation;
using DailyPapers.Papers;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Curation;

/// <summary>
/// <c>POST /moderation/curated</c> (moderators and admins, the form on <c>/moderation</c>): takes a curated paper off its
/// daily list, with a line in the audit log. Readers' own entries are not the curator's to lose: hide the paper instead.
/// </summary>
public static class CurationEndpoints
{
    public static IEndpointRouteBuilder MapCuration(this IEndpointRouteBuilder app)
    {
        app.MapPost("/moderation/curated", RemoveCurated).ExcludeFromDescription()
            .RequireAuthorization(AccountPolicies.Moderate).RequireFormAntiforgery();
        return app;
    }

    private static async Task<IResult> RemoveCurated(
        [FromForm] string? arxivId, [FromForm] string? reason, ClaimsPrincipal user, CuratorAccount curator, ModerationStore log, TimeProvider clock,
        CancellationToken ct)
    {
        if (ReaderText.ControlCharacterError(reason, "The reason") is { } error)
        {
            return AccountEndpoints.Message("Not done", error, StatusCodes.Status400BadRequest, "/moderation", "Back to moderation");
        }
        var moderator = user.AccountId()!.Value;
        var note = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()[..Math.Min(reason.Trim().Length, 500)];
        if (!ArxivId.TryParse(arxivId?.Trim(), out var id) || await curator.FindAsync(ct) is not { } curatorId
            || !await log.ActAsync(moderator, "remove-curated", id.Id, note,
                (c, tx) => CurationStore.RemoveAsync(c, tx, id.Id, curatorId, moderator, clock.GetUtcNow().UtcDateTime, ct), ct))
        {
            return AccountEndpoints.Message("Not done", "That paper is not on a daily list as the curator's entry.", StatusCodes.Status404NotFound,
                "/moderation", "Back to moderation");
        }
        return TypedResults.LocalRedirect("/moderation?done=curated");
    }
}
