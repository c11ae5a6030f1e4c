using DailyPapers.Digest.Subscriptions;
using DailyPapers.Mail;
using DailyPapers.Papers;
using DailyPapers.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DailyPapers.Digest.Delivery;

/// <summary>What one pass over the outbox did.</summary>
public sealed record SendReport(int Sent, int Bounced, int Rejected, int Failed, int Cancelled, bool RelayDown, bool LeaseLost)
{
    public static readonly SendReport Nothing = new(0, 0, 0, 0, 0, false, false);
}

/// <summary>
/// Sends what waits in the outbox through one mail session (one SMTP connection, reused, paced by
/// <c>Mail:Smtp:MessagesPerSecond</c>): claims a batch under a lease, renders each digest, sends it, and records the
/// outcome before the next one. A relay that stays down (three messages in a row fail after the session's own
/// retries) ends the pass; the rest stay queued for the next.
/// </summary>
public sealed class DigestSender(
    DigestOutbox outbox,
    SubscriptionStore subscriptions,
    PaperStore papers,
    DigestLinks links,
    MailComposer composer,
    IMailTransport transport,
    SiteUrls urls,
    IOptions<DigestOptions> options,
    IOptions<SiteOptions> site,
    ILogger<DigestSender> logger)
{
    public const int BatchSize = 50;
    private const int FailuresInARowForRelayDown = 3;

    /// <param name="owner">This sender's name in the outbox's leases and <c>sent_by</c>.</param>
    /// <param name="keepLease">Renews the job's lease before each batch; false means another node took over: stop.</param>
    /// <param name="progress">Called after each message with the number handled so far.</param>
    public async Task<SendReport> SendQueuedAsync(string owner, Func<Task<bool>> keepLease, Action<int>? progress = null, CancellationToken ct = default)
    {
        var o = options.Value;
        var sign = await links.SignerAsync(ct);
        var baseUrl = urls.BaseUrl(null);
        var paperCache = new Dictionary<string, Paper>(StringComparer.Ordinal);
        int sent = 0, bounced = 0, rejected = 0, failed = 0, cancelled = 0, failuresInARow = 0;
        await using var session = transport.OpenSession();
        while (true)
        {
            if (!await keepLease())
            {
                return new SendReport(sent, bounced, rejected, failed, cancelled, false, LeaseLost: true);
            }
            var batch = await outbox.ClaimAsync(owner, o.LeaseDuration, BatchSize, o.MaxDelay, ct);
            if (batch.Count == 0)
            {
                return new SendReport(sent, bounced, rejected, failed, cancelled, false, false);
            }
            var items = await outbox.ItemsAsync(batch.Select(b => b.Id).ToList(), ct);
            var subs = await subscriptions.GetManyAsync(batch.Select(b => b.SubscriptionId).Distinct().ToList(), ct);
            var wanted = items.SelectMany(g => g).SelectMany(i => i.Reason is { } r && i.Section == Assembly.DigestSection.Personal ? [i.ArxivId, r] : new[] { i.ArxivId })
                .Where(id => !paperCache.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
            foreach (var p in await papers.GetManyAsync(wanted, ct))
            {
                paperCache[p.ArxivId] = p;
            }
            for (var i = 0; i < batch.Count; i++)
            {
                var row = batch[i];
                ct.ThrowIfCancellationRequested();
                var mail = Render(row, subs.GetValueOrDefault(row.SubscriptionId), items[row.Id], paperCache, sign, baseUrl);
                if (mail is null)
                {
                    await outbox.FinishUnsentAsync(row.Id, "cancelled", "The subscription is no longer active, or its papers are gone.", ct);
                    cancelled++;
                    continue;
                }
                var delivery = await session.SendAsync(composer.Compose(mail), ct);
                switch (delivery.Outcome)
                {
                    case MailOutcome.Sent:
                        await outbox.MarkSentAsync(row.Id, owner, mail.MessageId!, ct);
                        sent++;
                        failuresInARow = 0;
                        break;
                    case MailOutcome.RecipientRejected:
                        await outbox.MarkBouncedAsync(row.Id, delivery.Error ?? "recipient refused", o.BounceLimit, ct);
                        logger.LogWarning("Digest {Id} bounced: {Error}", row.Id, delivery.Error);
                        bounced++;
                        break;
                    case MailOutcome.Rejected:
                        await outbox.FinishUnsentAsync(row.Id, "rejected", delivery.Error, ct);
                        logger.LogWarning("Digest {Id} was refused by the relay: {Error}", row.Id, delivery.Error);
                        rejected++;
                        break;
                    default:
                        await outbox.MarkFailedAsync(row.Id, delivery.Error ?? "failed", o.MaxAttempts, ct);
                        failed++;
                        if (++failuresInARow >= FailuresInARowForRelayDown)
                        {
                            logger.LogWarning("The mail relay keeps failing ({Error}); {Left} digests stay queued for the next run", delivery.Error, batch.Count - i - 1);
                            await outbox.ReleaseAsync(batch.Skip(i + 1).Select(b => b.Id), owner);
                            return new SendReport(sent, bounced, rejected, failed, cancelled, RelayDown: true, false);
                        }
                        break;
                }
                progress?.Invoke(sent + bounced + rejected + failed + cancelled);
            }
        }
    }

    private OutgoingMail? Render(OutboxMessage row, Subscription? s, IEnumerable<Assembly.DigestItem> items, Dictionary<string, Paper> papers,
        Func<LinkPurpose, long, string> sign, string baseUrl)
    {
        if (s is not { Status: SubscriptionStatus.Active } || !DigestPeriod.TryParseKey(row.Period, out var period))
        {
            return null;
        }
        var shown = items.Where(i => papers.ContainsKey(i.ArxivId))
            .Select(i => new DigestMailItem(i, papers[i.ArxivId], i.Section == Assembly.DigestSection.Personal && i.Reason is { } r ? papers.GetValueOrDefault(r) : null))
            .ToList();
        if (shown.Count == 0)
        {
            return null;
        }
        var mailLinks = new DigestMailLinks(baseUrl,
            $"{baseUrl}/digest/manage/{sign(LinkPurpose.Manage, s.Id)}",
            $"{baseUrl}/unsubscribe/{sign(LinkPurpose.Unsubscribe, s.Id)}",
            $"{baseUrl}/digest/view/{sign(LinkPurpose.View, row.Id)}");
        var domain = composer.From.Domain;
        return DigestMail.Build(s.Email, period, shown, mailLinks, site.Value.Name, $"digest.{row.Id}.{row.SubscriptionId}@{domain}", options.Value.AbstractLength);
    }
}
