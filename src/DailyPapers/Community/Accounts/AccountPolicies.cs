namespace DailyPapers.Community.Accounts;

/// <summary>
/// Authorization policies for <c>RequireAuthorization(...)</c> on route groups. Votes, comments, submissions,
/// claims and collections use <see cref="Participate"/>; the write API (<c>POST /api/papers/index</c>) uses
/// <see cref="ApiWrite"/>; moderation pages <see cref="Moderate"/>.
/// </summary>
public static class AccountPolicies
{
    /// <summary>Any signed-in user (the cookie on pages; an API token under <c>/api</c>).</summary>
    public const string SignedIn = "signed-in";

    /// <summary>Signed in and not banned: may vote, comment, submit, claim authorship, keep collections.</summary>
    public const string Participate = "participate";

    /// <summary>Moderators and admins who are not banned.</summary>
    public const string Moderate = "moderate";

    /// <summary>Admins who are not banned.</summary>
    public const string Admin = "admin";

    /// <summary>Authenticated by an API token (<c>Authorization: Bearer dpt_…</c>), banned or not.</summary>
    public const string ApiToken = "api-token";

    /// <summary>Authenticated by an API token and not banned. Cookies do not count, so the API needs no antiforgery token.</summary>
    public const string ApiWrite = "api-write";
}

/// <summary>The authentication schemes: a cookie for the site, a Bearer token for the API, and a selector between them.</summary>
public static class AccountSchemes
{
    public const string Cookie = "Cookies";
    public const string ApiToken = "ApiToken";

    /// <summary>
    /// The default: the API token scheme for <c>/api</c> requests with <c>Authorization: Bearer</c>, else the cookie.
    /// A token never opens a page or a form (settings, token minting, moderation): a leaked token stays an API key.
    /// </summary>
    public const string Default = "CookieOrApiToken";

    /// <summary>Whether the request is an API call that presents a Bearer token.</summary>
    public static bool UsesApiToken(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
