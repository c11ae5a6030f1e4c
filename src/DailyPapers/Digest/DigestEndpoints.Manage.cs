using DailyPapers.Community.Accounts;
using DailyPapers.Digest.Delivery;
using DailyPapers.Digest.Pages;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Papers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DailyPapers.Digest;

public static partial class DigestEndpoints
{
    private static async Task<IResult> Manage(string token, DigestLinks links, SubscriptionStore store, CancellationToken ct) =>
        await links.VerifyAsync(LinkPurpose.Manage, token, ct) is { } id && await store.GetAsync(id, ct) is { } s
            ? Page<ManagePage>(new { Subscription = s, Token = token })
            : BadLink();

    private static async Task<IResult> ManageAction(
        string token, [FromForm] string? action, [FromForm] string? frequency, [FromForm] string? topics, [FromForm] string? forYou,
        DigestLinks links, SubscriptionStore store, SubscriptionService subscriptions, CancellationToken ct)
    {
        if (await links.VerifyAsync(LinkPurpose.Manage, token, ct) is not { } id || await store.GetAsync(id, ct) is not { } s)
        {
            return BadLink();
        }
        string notice;
        switch (action)
        {
            case "save":
                if (!subscriptions.TryParseChoice(frequency, topics, forYou is "true" or "on", out var choice, out var error))
                {
                    return Page<ManagePage>(new { Subscription = s, Token = token, Error = error, Topics = SubscriptionTopics.ForForm(topics) }, StatusCodes.Status400BadRequest);
                }
                await store.UpdateChoiceAsync(id, choice, ct);
                notice = "Saved.";
                break;
            case "pause":
                await store.SetStatusAsync(id, SubscriptionStatus.Paused, ct);
                notice = "Paused: no digests until you resume.";
                break;
            case "resume":
                await store.SetStatusAsync(id, SubscriptionStatus.Active, ct);
                notice = "Resumed.";
                break;
            case "unsubscribe":
                await store.SetStatusAsync(id, SubscriptionStatus.Unsubscribed, ct);
                notice = "Unsubscribed: no more digests.";
                break;
            case "delete":
                await store.DeleteAsync(id, ct);
                return AccountEndpoints.Message("Subscription deleted",
                    $"{s.Email} and the record of the digests it was sent are gone.", StatusCodes.Status200OK, "/", "Back to the papers");
            default:
                return AccountEndpoints.Message("Unknown action", "Go back and press one of the buttons.", StatusCodes.Status400BadRequest);
        }
        return Page<ManagePage>(new { Subscription = (await store.GetAsync(id, ct))!, Token = token, Notice = notice });
    }

    private static async Task<IResult> UnsubscribeForm(string token, DigestLinks links, SubscriptionStore store, CancellationToken ct)
    {
        if (await links.VerifyAsync(LinkPurpose.Unsubscribe, token, ct) is not { } id || await store.GetAsync(id, ct) is not { } s)
        {
            return BadLink();
        }
        var manage = $"/digest/manage/{await links.CreateAsync(LinkPurpose.Manage, id, ct)}";
        return Page<UnsubscribePage>(new { Email = s.Email, Action = $"/unsubscribe/{token}", ManageUrl = manage, Done = s.Status == SubscriptionStatus.Unsubscribed });
    }

    private static async Task<IResult> Unsubscribe(string token, DigestLinks links, SubscriptionStore store, CancellationToken ct)
    {
        if (await links.VerifyAsync(LinkPurpose.Unsubscribe, token, ct) is not { } id || await store.GetAsync(id, ct) is not { } s)
        {
            return BadLink();
        }
        await store.SetStatusAsync(id, SubscriptionStatus.Unsubscribed, ct);
        return Page<UnsubscribePage>(new { Email = s.Email, Done = true });
    }

    /// <summary>
    /// What "view in browser" shows for a digest's signed link (the page shows paper cards, so it lives in Site):
    /// its title and papers, or null for a link that does not verify.
    /// </summary>
    public static async Task<(string Title, IReadOnlyList<DigestMailItem> Items)?> ViewAsync(
        string token, DigestLinks links, DigestOutbox outbox, PaperStore papers, IOptions<Web.SiteOptions> site, CancellationToken ct)
    {
        if (await links.VerifyAsync(LinkPurpose.View, token, ct) is not { } id || await outbox.GetAsync(id, ct) is not { } entry
            || !DigestPeriod.TryParseKey(entry.Period, out var period))
        {
            return null;
        }
        var items = (await outbox.ItemsAsync([id], ct))[id].ToList();
        var cache = new DigestPaperCache(papers, "", 500);
        await cache.LoadAsync(items, ct);
        var shown = cache.Items(items);
        return (DigestMail.Subject(period, site.Value.Name), shown);
    }

    public static IResult BadLink() => AccountEndpoints.Message("This link does not work",
        "Check that the whole link was copied from the mail.", StatusCodes.Status404NotFound, "/subscribe", "Subscribe");
}
