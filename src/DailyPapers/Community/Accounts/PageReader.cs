namespace DailyPapers.Community.Accounts;

/// <summary>
/// Who a page is rendered for, as the pages that compose features (Site/) hand it to Community's parts on them
/// (vote, save, claim, comments), which read no HttpContext themselves.
/// </summary>
/// <param name="AccountId">The signed-in reader's account, or null when nobody is signed in.</param>
/// <param name="ReturnUrl">The page's own path and query, where a form on it brings the reader back; null when
/// the page is rendered outside a request.</param>
/// <param name="Aborted">The request's cancellation, for the queries the parts make.</param>
public sealed record PageReader(long? AccountId, string? ReturnUrl, CancellationToken Aborted)
{
    /// <summary>Nobody signed in, on no particular page.</summary>
    public static PageReader Anonymous { get; } = new(null, null, CancellationToken.None);

    /// <summary>The reader's claims (role, ban), for parts that decide who may edit; anonymous by default.</summary>
    public System.Security.Claims.ClaimsPrincipal User { get; init; } = new();
}
