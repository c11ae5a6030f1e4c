using System.Globalization;
using System.Security.Claims;
using DailyPapers.Community.Accounts.Pages;
using DailyPapers.Papers;
using DailyPapers.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Community.Accounts;

/// <summary>
/// The account an API token belongs to, shaped like Hugging Face's <c>/api/whoami-v2</c>: <c>id</c> is the 24-hex
/// user id every <c>_id</c> and the claim API's <c>targetUserId</c> use; <c>orgs</c> is always there (empty: this
/// site has no organizations); <c>auth.accessToken</c> names the token, as <c>hf auth login</c> stores it.
/// </summary>
public sealed record WhoAmIResponse
{
    public string Type { get; init; } = "user";
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Fullname { get; init; }
    public required string AvatarUrl { get; init; }
    public bool IsPro { get; init; }
    public bool IsModerator { get; init; }
    public IReadOnlyList<WhoAmIOrg> Orgs { get; init; } = [];
    public required WhoAmIAuth Auth { get; init; }
}

/// <summary>An organization the account belongs to (none here; the shape is Hugging Face's).</summary>
public sealed record WhoAmIOrg(string Name, string Fullname, string AvatarUrl);

/// <summary>How the request authenticated: always an access token (<c>type</c> <c>access_token</c>).</summary>
public sealed record WhoAmIAuth(string Type, WhoAmIAccessToken AccessToken);

/// <summary>The token: its name, <c>write</c> (it may submit and claim) or <c>read</c> (its account is banned), and when it was made.</summary>
public sealed record WhoAmIAccessToken(string DisplayName, string Role, string CreatedAt);

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

    private static Ok<WhoAmIResponse> WhoAmI(ClaimsPrincipal user, SiteUrls urls)
    {
        var handle = user.Identity!.Name!;
        var created = DateTime.Parse(user.FindFirstValue(AccountClaims.TokenCreatedAt)!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        return TypedResults.Ok(new WhoAmIResponse
        {
            Id = HfIds.ForUser(user.AccountId()!.Value),
            Name = handle,
            Fullname = user.FindFirstValue(AccountClaims.DisplayName) ?? handle,
            AvatarUrl = DailyUserJson.Avatar(urls.BaseUrl, handle),
            IsModerator = user.IsInRole(AccountStore.RoleName(UserRole.Moderator)),
            Auth = new WhoAmIAuth("access_token", new WhoAmIAccessToken(
                user.FindFirstValue(AccountClaims.TokenName)!, user.IsBanned() ? "read" : "write", PaperJson.Time(created))),
        });
    }
}
