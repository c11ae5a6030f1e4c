using System.Security.Claims;
using DailyPapers.Community.Accounts;
using DailyPapers.Digest.Pages;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Digest;

/// <summary>
/// Subscribing (<c>/subscribe</c>, double opt-in), the manage page behind each digest's signed link
/// (<c>/digest/manage/{token}</c>), RFC 8058 one-click unsubscribe (<c>/unsubscribe/{token}</c>), and what
/// "view in browser" (<c>/digest/view/{token}</c>, a page of paper cards in Site) shows.
/// </summary>
public static partial class DigestEndpoints
{
    public static IEndpointRouteBuilder MapDigest(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").ExcludeFromDescription().AddEndpointFilter(AccountEndpoints.NoStore);
        pages.MapGet("/subscribe", SubscribeForm);
        // The footer form on every (cached, shared) page carries no antiforgery token; subscribing only mails a
        // confirmation. What needs the reader's session (linking the account, personal picks) checks the token itself.
        pages.MapPost("/subscribe", Subscribe).DisableAntiforgery().RequireRateLimiting(CommunityRateLimits.Subscribe);
        pages.MapGet("/subscribe/confirm", ConfirmForm);
        pages.MapPost("/subscribe/confirm", Confirm).RequireFormAntiforgery();
        pages.MapGet("/digest/manage/{token}", Manage);
        pages.MapPost("/digest/manage/{token}", ManageAction).RequireFormAntiforgery();
        pages.MapGet("/unsubscribe/{token}", UnsubscribeForm);
        // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" with no cookie and no token; answer 200, never a redirect.
        pages.MapPost("/unsubscribe/{token}", Unsubscribe).DisableAntiforgery();
        return app;
    }

    private static IResult SubscribeForm(HttpContext context) =>
        Page<SubscribePage>(new { SignedIn = context.User.Identity?.IsAuthenticated == true });

    private static async Task<IResult> Subscribe(
        [FromForm] string? email, [FromForm] string? frequency, [FromForm] string? topics, [FromForm] string? forYou,
        HttpContext context, IAntiforgery antiforgery, SubscriptionService subscriptions, SiteUrls urls, CancellationToken ct)
    {
        long? userId = null;
        if (context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id && await antiforgery.IsRequestValidAsync(context))
        {
            userId = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture);
        }
        var wantsForYou = forYou is "true" or "on";
        var response = await subscriptions.SubscribeAsync(
            email, frequency, topics, wantsForYou, userId, urls.BaseUrl, ClientRateLimits.Network(context), ct);
        var parsed = DigestPeriod.TryParseFrequency(frequency, out var f) ? f : DigestFrequency.Daily;
        object Form(string? emailError, string? topicsError) => new
        {
            Email = email, Topics = SubscriptionTopics.ForForm(topics), Frequency = parsed, ForYou = wantsForYou, SignedIn = userId is not null,
            EmailError = emailError, TopicsError = topicsError,
        };
        return response.Result switch
        {
            SubscribeResult.MailSent => Page<SubscribeSentPage>(new { Email = email!.Trim() }),
            SubscribeResult.InvalidAddress => Page<SubscribePage>(Form(response.Error, null), StatusCodes.Status400BadRequest),
            SubscribeResult.InvalidTopics => Page<SubscribePage>(Form(null, response.Error), StatusCodes.Status400BadRequest),
            SubscribeResult.TooManyForAddress => CommunityRateLimits.TooManyRequests(context, response.RetryAfter),
            _ => AccountEndpoints.Message("The mail could not be sent", "Sending mail failed just now. Please try again in a few minutes.",
                StatusCodes.Status503ServiceUnavailable, "/subscribe", "Try again"),
        };
    }

    private static async Task<IResult> ConfirmForm(string? token, SubscriptionService subscriptions, CancellationToken ct) =>
        await subscriptions.PeekAsync(token, ct) is { } s
            ? Page<SubscribeConfirmPage>(new { Subscription = s, Token = token })
            : BadConfirmation();

    private static async Task<IResult> Confirm([FromForm] string? token, SubscriptionService subscriptions, DigestLinks links, CancellationToken ct)
    {
        if (await subscriptions.ConfirmAsync(token, ct) is not { } s)
        {
            return BadConfirmation();
        }
        return Page<ManagePage>(new
        {
            Subscription = s, Token = await links.CreateAsync(LinkPurpose.Manage, s.Id, ct),
            Notice = $"Subscribed. The first digest comes with the next {(s.Frequency == DigestFrequency.Daily ? "weekday's" : "weekly")} mailing. Every digest links back here.",
        });
    }

    private static IResult BadConfirmation() => AccountEndpoints.Message("This confirmation link does not work",
        "It may have been used already, have expired, or be cut short. Subscribe again to get a new one.", StatusCodes.Status404NotFound, "/subscribe", "Subscribe");

    internal static IResult Page<TPage>(object parameters, int statusCode = StatusCodes.Status200OK) where TPage : IComponent =>
        new RazorComponentResult<TPage>(parameters) { StatusCode = statusCode };
}
