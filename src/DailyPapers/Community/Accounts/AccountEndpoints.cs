using DailyPapers.Community.Accounts.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace DailyPapers.Community.Accounts;

/// <summary>
/// Sign-in by mail link (<c>/signin</c>), sign-out, settings (<c>/settings</c>, <c>/settings/tokens</c>), public
/// profiles (<c>/users/{handle}</c>) and <c>GET /api/whoami-v2</c>. Every form POST needs a valid antiforgery token.
/// </summary>
public static partial class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        var pages = app.MapGroup("").ExcludeFromDescription();
        pages.MapGet("/users/{handle}", Profile);

        // Pages with tokens or personal data: never stored by a browser or proxy cache.
        var account = pages.MapGroup("").AddEndpointFilter(NoStore);
        account.MapGet("/signin", SignInForm);
        account.MapPost("/signin", RequestLink).RequireFormAntiforgery().RequireRateLimiting(CommunityRateLimits.SignIn);
        account.MapGet("/signin/link", ConfirmLink);
        account.MapPost("/signin/link", CompleteSignIn).WithMetadata(new RequireAntiforgeryTokenAttribute());
        account.MapPost("/signout", (Delegate)SignOut).RequireFormAntiforgery();

        var settings = account.MapGroup("/settings").RequireAuthorization(AccountPolicies.SignedIn);
        settings.MapGet("", Settings);
        settings.MapPost("", SaveSettings).RequireFormAntiforgery();
        settings.MapPost("/sign-out-everywhere", (Delegate)SignOut).RequireFormAntiforgery();
        settings.MapGet("/tokens", Tokens);
        settings.MapPost("/tokens", CreateToken).RequireFormAntiforgery();
        settings.MapPost("/tokens/{id:long}/revoke", RevokeToken).RequireFormAntiforgery();

        api.MapGet("/whoami-v2", WhoAmI)
            .WithTags("Accounts")
            .RequireAuthorization(AccountPolicies.ApiToken)
            .WithName("WhoAmI")
            .WithSummary("The account an API token belongs to (send Authorization: Bearer dpt_…).");
        return app;
    }

    /// <summary>
    /// Refuses a POST whose antiforgery token is missing or wrong with 400, also for forms without other fields
    /// (minimal APIs enforce the token only while binding form fields).
    /// </summary>
    public static RouteHandlerBuilder RequireFormAntiforgery(this RouteHandlerBuilder builder) => builder
        .WithMetadata(new RequireAntiforgeryTokenAttribute())
        .AddEndpointFilter(async (context, next) =>
            context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
                ? FormExpired()
                : await next(context));

    /// <summary>The answer to a form POST whose antiforgery token is missing or wrong.</summary>
    internal static IResult FormExpired() =>
        Message("This form has expired", "Go back, reload the page and send the form again.", StatusCodes.Status400BadRequest);

    /// <summary>An endpoint filter for pages with tokens or personal data: "Cache-Control: no-store" unless set already.</summary>
    internal static async ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // Pages with a form already get "no-cache, no-store" from antiforgery, which warns when it overrides a value.
        var response = context.HttpContext.Response;
        response.OnStarting(() =>
        {
            if (!response.Headers.ContainsKey(HeaderNames.CacheControl))
            {
                response.Headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        });
        return await next(context);
    }

    internal static IResult Page<TPage>(object parameters, int statusCode = StatusCodes.Status200OK) where TPage : IComponent =>
        new RazorComponentResult<TPage>(parameters) { StatusCode = statusCode };

    internal static IResult Message(string heading, string message, int statusCode, string? linkHref = null, string linkText = "Continue") =>
        Page<AccountMessagePage>(new { Heading = heading, Message = message, LinkHref = linkHref, LinkText = linkText }, statusCode);
}
