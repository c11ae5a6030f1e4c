using System.Globalization;
using System.Security.Claims;
using DailyPapers.Community.Accounts.Pages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Community.Accounts;

/// <summary>The account an API token belongs to, shaped like Hugging Face's <c>/api/whoami-v2</c>.</summary>
public sealed record WhoAmIResponse(string Type, string Id, string Name, string Fullname, string AvatarUrl, bool IsModerator);

public static partial class AccountEndpoints
{
    private const int TokenNameMaxLength = 60;

    /// <summary>The lifetimes the token form offers, in days ("never" is the other choice).</summary>
    internal static readonly int[] TokenLifetimeDays = [30, 90, 365];

    private static async Task<IResult> Tokens(ClaimsPrincipal user, ApiTokenStore tokens, CancellationToken ct) =>
        Page<ApiTokensPage>(new { Tokens = await tokens.ListAsync(user.AccountId() ?? 0, ct) });

    private static async Task<IResult> CreateToken(
        [FromForm] string? name, [FromForm] string? expiresInDays, ClaimsPrincipal user, ApiTokenStore tokens, CancellationToken ct)
    {
        var accountId = user.AccountId() ?? 0;
        name = name?.Trim();
        var existing = await tokens.ListAsync(accountId, ct);
        // No field (a script's form) or "never": the token works until revoked.
        TimeSpan? lifetime = expiresInDays is null or "" or "never" ? null
            : int.TryParse(expiresInDays, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && TokenLifetimeDays.Contains(days) ? TimeSpan.FromDays(days)
            : TimeSpan.Zero;
        var error = string.IsNullOrEmpty(name) ? "Give the token a name, so you know later what uses it."
            : name.Length > TokenNameMaxLength ? $"A name has at most {TokenNameMaxLength} characters."
            : existing.Count >= ApiTokenStore.MaxPerAccount ? $"You have {ApiTokenStore.MaxPerAccount} tokens; revoke one first."
            : lifetime == TimeSpan.Zero ? $"Choose when the token expires: after {string.Join(", ", TokenLifetimeDays)} days, or never."
            : ReaderText.ControlCharacterError(name, "The name");
        if (error is not null)
        {
            return Page<ApiTokensPage>(new { Tokens = existing, Name = name, ExpiresInDays = expiresInDays, Error = error }, StatusCodes.Status400BadRequest);
        }
        var (token, _) = await tokens.CreateAsync(accountId, name!, lifetime, ct);
        return Page<ApiTokensPage>(new { Tokens = await tokens.ListAsync(accountId, ct), NewToken = token, NewTokenName = name });
    }

    private static async Task<IResult> RevokeToken(long id, ClaimsPrincipal user, ApiTokenStore tokens, CancellationToken ct)
    {
        await tokens.RevokeAsync(user.AccountId() ?? 0, id, ct);
        return TypedResults.LocalRedirect("/settings/tokens");
    }

    private static Ok<WhoAmIResponse> WhoAmI(ClaimsPrincipal user)
    {
        var handle = user.Identity!.Name!;
        return TypedResults.Ok(new WhoAmIResponse(
            "user", user.AccountId()!.Value.ToString(CultureInfo.InvariantCulture), handle,
            user.FindFirstValue(AccountClaims.DisplayName) ?? handle, $"/avatars/{handle}.svg", user.IsInRole("moderator")));
    }
}
