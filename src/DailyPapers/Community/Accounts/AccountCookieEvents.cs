using DailyPapers.Community.Accounts.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace DailyPapers.Community.Accounts;

/// <summary>
/// The sign-in cookie holds the account id and its session stamp. Each request reloads the account (one primary-key
/// read), so a ban, a new role, a changed handle, a deleted account or a sign-out elsewhere take effect at once on
/// every node. API requests are
/// answered 401/403 instead of being redirected to the sign-in page.
/// </summary>
public sealed class AccountCookieEvents(AccountStore accounts) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.AccountId();
        var account = id is null ? null : await accounts.FindByIdAsync(id.Value, context.HttpContext.RequestAborted);
        // A cookie issued before a sign-out, a ban or "Sign out everywhere" holds the old stamp (cookies from before
        // stamps existed hold none, and match the empty stamp of an account that never signed out since).
        if (account is null || account.SessionStamp != (context.Principal!.FindFirst(AccountClaims.SessionStamp)?.Value ?? ""))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AccountSchemes.Cookie);
            return;
        }
        context.ReplacePrincipal(AccountClaims.Principal(account, AccountSchemes.Cookie));
        // A page that shows who is signed in must not be kept by a shared cache.
        var response = context.HttpContext.Response;
        response.OnStarting(() =>
        {
            if (!response.Headers.ContainsKey(HeaderNames.CacheControl))
            {
                response.Headers.CacheControl = "private, no-cache";
            }
            return Task.CompletedTask;
        });
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }
        return base.RedirectToLogin(context);
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }
        var user = context.HttpContext.User;
        var message = user.IsBanned()
            ? $"Your account is banned, so you cannot do this. Reason: {user.FindFirst(AccountClaims.BannedReason)?.Value}"
            : "Your account does not have the role this page needs.";
        return new RazorComponentResult<AccountMessagePage>(new { Heading = "Not allowed", Message = message })
        {
            StatusCode = StatusCodes.Status403Forbidden,
        }.ExecuteAsync(context.HttpContext);
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
}
