using DailyPapers.Community.Accounts.Pages;
using DailyPapers.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Community.Accounts;

public static partial class AccountEndpoints
{
    private static IResult SignInForm(HttpContext context, string? returnUrl) =>
        context.User.Identity?.IsAuthenticated == true
            ? TypedResults.LocalRedirect(LocalUrl.OrHome(returnUrl))
            : Page<SignInPage>(new { ReturnUrl = LocalUrl.OrNull(returnUrl) });

    private static async Task<IResult> RequestLink(
        [FromForm] string? email, [FromForm] string? returnUrl, HttpContext context, SignInService signIn, SiteUrls urls, CancellationToken ct)
    {
        var result = await signIn.RequestLinkAsync(email, returnUrl, urls.BaseUrl, ClientRateLimits.Network(context), ct);
        return result.Outcome switch
        {
            SignInRequestOutcome.Sent => Page<SignInSentPage>(new { Email = email!.Trim(), Minutes = (int)Math.Round(signIn.LinkLifetime.TotalMinutes) }),
            SignInRequestOutcome.InvalidAddress => Page<SignInPage>(
                new { Email = email, ReturnUrl = LocalUrl.OrNull(returnUrl), Error = "Enter an email address such as jane@example.org." },
                StatusCodes.Status400BadRequest),
            SignInRequestOutcome.TooManyForAddress => CommunityRateLimits.TooManyRequests(context, result.RetryAfter),
            _ => Message("The mail could not be sent", "Sending mail failed just now. Please try again in a few minutes.",
                StatusCodes.Status503ServiceUnavailable, "/signin", "Try again"),
        };
    }

    private static async Task<IResult> ConfirmLink(string? token, SignInService signIn, CancellationToken ct)
    {
        var link = await signIn.PeekAsync(token, ct);
        return link.Status == SignInLinkStatus.Valid
            ? Page<SignInConfirmPage>(new { Email = link.Email, Token = token, ExpiresAt = link.ExpiresAt!.Value })
            : LinkProblem(link.Status, signIn.LinkLifetime);
    }

    /// <summary>
    /// Reads its form itself rather than binding it, so that a press with a stale antiforgery token still gets a
    /// useful answer: a second press of the button (a double click, or Back and send again) arrives with the
    /// session the first press made, and a token issued to the signed-out page no longer matches it. Such a press
    /// changes nothing; it is told what became of the link (used, expired) when that is what stops it, the same
    /// answer a GET of the link gives, and "form expired" otherwise.
    /// </summary>
    private static async Task<IResult> CompleteSignIn(HttpContext context, SignInService signIn, CancellationToken ct)
    {
        // Checked here, so the form may be read (FormFeature refuses while a failed check is left unhandled).
        var antiforgery = context.Features.Get<IAntiforgeryValidationFeature>();
        context.Features.Set<IAntiforgeryValidationFeature>(null);
        var token = (await context.Request.ReadFormAsync(ct))["token"].ToString();
        if (antiforgery is { IsValid: false })
        {
            var link = await signIn.PeekAsync(token, ct);
            return link.Status is SignInLinkStatus.Used or SignInLinkStatus.Expired ? LinkProblem(link.Status, signIn.LinkLifetime) : FormExpired();
        }
        var completion = await signIn.CompleteAsync(token, ct);
        if (completion.Account is not { } account)
        {
            return LinkProblem(completion.Link.Status, signIn.LinkLifetime);
        }
        await context.SignInAsync(AccountSchemes.Cookie, AccountClaims.Principal(account, AccountSchemes.Cookie),
            new AuthenticationProperties { IsPersistent = true });
        var next = completion.Link.ReturnUrl ?? (completion.Created ? "/settings?welcome=true" : "/");
        return TypedResults.LocalRedirect(LocalUrl.OrHome(next));
    }

    /// <summary>
    /// Signing out (the header's button, or "Sign out everywhere" in settings) moves the account's session stamp, so
    /// every cookie of the account stops working, copies included, not only this browser's.
    /// </summary>
    private static async Task<IResult> SignOut(HttpContext context, AccountStore accounts, CancellationToken ct)
    {
        if (context.User.AccountId() is { } id)
        {
            await accounts.EndSessionsAsync(id, ct);
        }
        await context.SignOutAsync(AccountSchemes.Cookie);
        return TypedResults.LocalRedirect("/");
    }

    private static IResult LinkProblem(SignInLinkStatus status, TimeSpan lifetime) => status switch
    {
        SignInLinkStatus.Used => Message("This sign-in link was already used",
            "Each link works once. Ask for a new link to sign in again.", StatusCodes.Status410Gone, "/signin", "Get a new link"),
        SignInLinkStatus.Expired => Message("This sign-in link has expired",
            $"Links work for {(int)Math.Round(lifetime.TotalMinutes)} minutes. Ask for a new one.", StatusCodes.Status410Gone, "/signin", "Get a new link"),
        _ => Message("This sign-in link is not valid",
            "Check that the whole link was copied, or ask for a new one.", StatusCodes.Status404NotFound, "/signin", "Get a new link"),
    };
}
