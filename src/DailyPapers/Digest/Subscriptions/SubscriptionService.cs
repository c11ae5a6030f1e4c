using System.Threading.RateLimiting;
using DailyPapers.Community.Accounts;
using DailyPapers.Mail;
using DailyPapers.Web;
using Microsoft.Extensions.Options;

namespace DailyPapers.Digest.Subscriptions;

public enum SubscribeResult
{
    /// <summary>A mail went out: the confirmation, or (for a confirmed address) a note with its manage link.</summary>
    MailSent,
    InvalidAddress,
    InvalidTopics,
    TooManyForAddress,
    MailFailed,
}

/// <summary>The form's answer; <see cref="Error"/> explains an invalid field.</summary>
public sealed record SubscribeResponse(SubscribeResult Result, string? Error = null, TimeSpan? RetryAfter = null);

/// <summary>
/// Subscribing with double opt-in: the form records a pending subscription and mails a confirmation link; only
/// following it (and pressing the button: mail scanners fetch links) starts the digests. The form answers the
/// same for every address, so it tells nobody who is subscribed.
/// </summary>
public sealed class SubscriptionService(
    SubscriptionStore store,
    DigestLinks links,
    MailComposer composer,
    IMailTransport mail,
    IOptions<DigestOptions> options,
    IOptions<SiteOptions> site,
    TimeProvider clock,
    ILogger<SubscriptionService> logger) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perAddress = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.SubscribePermitLimit,
            Window = options.Value.SubscribeWindow,
        }));

    public DigestOptions Options => options.Value;

    /// <summary>
    /// Records a pending subscription and mails its confirmation (or, to a confirmed address, its manage link);
    /// <paramref name="client"/> is who asks (<see cref="ClientRateLimits.Network(HttpContext)"/>). The per-address limit
    /// counts each address per client, so requests for someone's address from elsewhere never stop its owner subscribing.
    /// </summary>
    public async Task<SubscribeResponse> SubscribeAsync(
        string? email, string? frequency, string? topics, bool forYou, long? userId, string baseUrl, string client, CancellationToken ct = default)
    {
        if (!EmailAddress.TryNormalize(email, out var address))
        {
            return new SubscribeResponse(SubscribeResult.InvalidAddress, "Enter an email address such as jane@example.org.");
        }
        if (!TryParseChoice(frequency, topics, forYou, out var choice, out var error))
        {
            return new SubscribeResponse(SubscribeResult.InvalidTopics, error);
        }
        using (var lease = _perAddress.AttemptAcquire($"{SubscriptionStore.Key(address)} {client}"))
        {
            if (!lease.IsAcquired)
            {
                return new SubscribeResponse(SubscribeResult.TooManyForAddress, null,
                    lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Value.SubscribeWindow);
            }
        }
        var token = SecretTokens.Create();
        var (subscription, outcome) = await store.RequestAsync(address, choice, userId, SecretTokens.Hash(token), ct);
        OutgoingMail message;
        if (outcome == SubscribeOutcome.Pending)
        {
            var link = $"{baseUrl}/subscribe/confirm?token={token}";
            message = SubscriptionMail.Confirmation(address, subscription, link, options.Value.ConfirmationLifetime, site.Value.Name);
        }
        else
        {
            var manage = $"{baseUrl}/digest/manage/{await links.CreateAsync(LinkPurpose.Manage, subscription.Id, ct)}";
            message = SubscriptionMail.AlreadySubscribed(address, subscription, manage, site.Value.Name);
        }
        using var mime = composer.Compose(message);
        var delivery = await mail.SendAsync(mime, ct);
        if (!delivery.Succeeded)
        {
            logger.LogWarning("Subscription mail was not delivered: {Outcome} {Error}", delivery.Outcome, delivery.Error);
            return new SubscribeResponse(SubscribeResult.MailFailed);
        }
        return new SubscribeResponse(SubscribeResult.MailSent);
    }

    /// <summary>The pending subscription a confirmation token stands for, without confirming it.</summary>
    public async Task<Subscription?> PeekAsync(string? token, CancellationToken ct = default) =>
        LooksLikeToken(token) && await store.FindByConfirmTokenAsync(SecretTokens.Hash(token!), ct) is { Status: SubscriptionStatus.Pending } s
            && s.ConfirmSentAt > clock.GetUtcNow().UtcDateTime - options.Value.ConfirmationLifetime ? s : null;

    public async Task<Subscription?> ConfirmAsync(string? token, CancellationToken ct = default)
    {
        if (!LooksLikeToken(token))
        {
            return null;
        }
        var confirmed = await store.ConfirmAsync(SecretTokens.Hash(token!), options.Value.ConfirmationLifetime, ct);
        if (confirmed is not null)
        {
            logger.LogInformation("Digest subscription {Id} confirmed ({Frequency})", confirmed.Id, confirmed.Frequency);
        }
        return confirmed;
    }

    public bool TryParseChoice(string? frequency, string? topics, bool forYou, out SubscriptionChoice choice, out string? error)
    {
        choice = new SubscriptionChoice(DigestFrequency.Daily, [], forYou);
        var parsed = DigestFrequency.Daily;
        if (!string.IsNullOrWhiteSpace(frequency) && !DigestPeriod.TryParseFrequency(frequency, out parsed))
        {
            error = "Choose daily or weekly.";
            return false;
        }
        if (!SubscriptionTopics.TryParse(topics, options.Value.MaxTopics, out var list, out error))
        {
            return false;
        }
        choice = new SubscriptionChoice(parsed, list, forYou);
        return true;
    }

    private static bool LooksLikeToken(string? token) => token is { Length: > 20 and < 100 };

    public void Dispose() => _perAddress.Dispose();
}
