using System.Globalization;
using System.Security.Claims;

namespace DailyPapers.Community.Accounts;

/// <summary>
/// How an account appears on <c>HttpContext.User</c>: the id as NameIdentifier, the handle as Name, the role(s)
/// (an admin is also a moderator), a "banned" claim, and the session stamp the cookie was issued under. The
/// principal is rebuilt from the database on every request (<see cref="AccountCookieEvents"/>), so a ban or a new
/// role applies at once, and a cookie whose stamp is no longer the account's (signed out since) is refused.
/// </summary>
public static class AccountClaims
{
    public const string DisplayName = "display_name";
    public const string Banned = "banned";
    public const string BannedReason = "banned_reason";
    public const string SessionStamp = "session_stamp";
    public const string TokenName = "token_name";
    public const string TokenCreatedAt = "token_created_at";

    public static ClaimsPrincipal Principal(Account account, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, account.Handle),
            new(DisplayName, account.DisplayName),
            new(SessionStamp, account.SessionStamp),
        };
        if (account.IsModerator)
        {
            claims.Add(new Claim(ClaimTypes.Role, AccountStore.RoleName(UserRole.Moderator)));
        }
        if (account.IsAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, AccountStore.RoleName(UserRole.Admin)));
        }
        if (account.IsBanned)
        {
            claims.Add(new Claim(Banned, "true"));
            claims.Add(new Claim(BannedReason, account.BannedReason ?? ""));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The account of an API token, with the token's name and creation time (for <c>/api/whoami-v2</c>).</summary>
    public static ClaimsPrincipal Principal(TokenHolder holder, string authenticationType)
    {
        var principal = Principal(holder.Account, authenticationType);
        ((ClaimsIdentity)principal.Identity!).AddClaims(
        [
            new Claim(TokenName, holder.TokenName),
            new Claim(TokenCreatedAt, holder.TokenCreatedAt.ToString("O", CultureInfo.InvariantCulture)),
        ]);
        return principal;
    }

    /// <summary>The signed-in account's id, or null for an anonymous visitor.</summary>
    public static long? AccountId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    public static bool IsBanned(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == Banned);

    /// <summary>The highest role the user holds (a reader when signed out).</summary>
    public static UserRole Role(this ClaimsPrincipal user) =>
        user.IsInRole(AccountStore.RoleName(UserRole.Admin)) ? UserRole.Admin
        : user.IsInRole(AccountStore.RoleName(UserRole.Moderator)) ? UserRole.Moderator
        : UserRole.Reader;
}
