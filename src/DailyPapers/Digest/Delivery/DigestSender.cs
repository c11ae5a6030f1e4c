using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Mail;
using DailyPapers.Papers;
using DailyPapers.Web;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DailyPapers.Digest.Delivery;

/// <summary>What one pass over the outbox did.</summary>
public sealed record SendReport(int Sent, int Bounced, int Rejected, int Failed, int Cancelled, bool RelayDown, bool LeaseLost)
{
    public static readonly SendReport Nothing = new(0, 0, 0, 0, 0, false, false);
}

/// <summary>
/// Sends what waits in the outbox through one mail session (one SMTP connection, reused, paced by
/// <c>Mail:Smtp:MessagesPerSecond</c>). Two stages overlap: one claims batches under a lease and renders each
/// digest, the other sends them in order and records each outcome before the next but one is sent, so a crash
/// can repeat at most the message in flight (its Message-ID stays the same). A relay that stays down (three
/// messages in a row fail after the session's own retries) ends the pass; what was claimed but not sent goes
/// back to the queue at once.
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

    /// <param name="Claim">Which of the pass's claims handed out the row (see <see cref="SendQueuedAsync"/>'s <c>claimed</c>).</param>
    private sealed record Rendered(OutboxMessage Row, int Claim, MimeMessage Message, string MessageId, bool HadBounces);

    private sealed class Tally
    {
        public int Sent, Bounced, Rejected, Failed, Cancelled;
        public bool RelayDown, LeaseLost;

        public int Done => Sent + Bounced + Rejected + Failed + Cancelled;

        public SendReport Report => new(Sent, Bounced, Rejected, Failed, Cancelled, RelayDown, LeaseLost);
    }

    /// <param name="owner">This sender's name in the outbox's leases and <c>sent_by</c>.</param>
    /// <param name="keepLease">Renews the job's lease before each batch; false means another node took over: stop.</param>
    /// <param name="progress">Called after each message with the number handled so far.</param>
    /// <param name="moreComing">While true, an empty queue means "wait": digests are still being planned.</param>
    public async Task<SendReport> SendQueuedAsync(string owner, Func<Task<bool>> keepLease, Action<int>? progress = null,
        Func<bool>? moreComing = null, CancellationToken ct = default)
    {
        var tally = new Tally();
        // The rows this pass holds a lease on, each with the claim that took it. A row that failed goes back to the queue
        // and a later claim of the same pass may take it again while its failure is still being recorded: the recording
        // then forgets only its own claim's entry, so the new lease is still handed back if the pass stops.
        var claimed = new ConcurrentDictionary<long, int>();
        var queue = Channel.CreateBounded<Rendered>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producing = ProduceAsync(owner, keepLease, moreComing, queue.Writer, claimed, tally, stop.Token);
        try
        {
            await ConsumeAsync(owner, queue.Reader, claimed, tally, progress, ct);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await producing;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            // Claimed but not sent (the relay went down, or the lease was lost): back to the queue now.
            await outbox.ReleaseAsync(claimed.Keys, owner);
        }
        return tally.Report;
    }

    /// <summary>Claims batches, renders and composes each digest, and hands them to the sending stage in order.</summary>
    [SuppressMessage("Reliability", "CA2000", Justification = "Each composed message goes through the queue to ConsumeAsync, which disposes it once sent.")]
    private async Task ProduceAsync(string owner, Func<Task<bool>> keepLease, Func<bool>? moreComing, ChannelWriter<Rendered> queue,
        ConcurrentDictionary<long, int> claimed, Tally tally, CancellationToken ct)
    {
        var o = options.Value;
        var claim = 0;
        try
        {
            var sign = await links.SignerAsync(ct);
            var baseUrl = urls.BaseUrl;
            var paperCache = new DigestPaperCache(papers, baseUrl, o.AbstractLength);
            while (!ct.IsCancellationRequested)
            {
                if (!await keepLease())
                {
                    tally.LeaseLost = true;
                    return;
                }
                var planning = moreComing?.Invoke() == true;
                var batch = await outbox.ClaimAsync(owner, o.LeaseDuration, BatchSize, o.MaxDelay, ct);
                if (batch.Count == 0)
                {
                    if (!planning)
                    {
                        return;
                    }
                    await Task.Delay(20, ct);
                    continue;
                }
                claim++;
                foreach (var row in batch)
                {
                    claimed[row.Id] = claim;
                }
                var items = await outbox.ItemsAsync(batch.Select(b => b.Id).ToList(), ct);
                var subs = await subscriptions.GetManyAsync(batch.Select(b => b.SubscriptionId).Distinct().ToList(), ct);
                await paperCache.LoadAsync(items.SelectMany(g => g), ct);
                foreach (var row in batch)
                {
                    var mail = Render(row, subs.GetValueOrDefault(row.SubscriptionId), items[row.Id], paperCache, sign, baseUrl);
                    if (mail is null)
                    {
                        await outbox.FinishUnsentAsync(row.Id, "cancelled", "The subscription is no longer active, or its papers are gone.", ct);
                        claimed.TryRemove(KeyValuePair.Create(row.Id, claim));
                        Interlocked.Increment(ref tally.Cancelled);
                        continue;
                    }
                    await queue.WriteAsync(new Rendered(row, claim, composer.Compose(mail), mail.MessageId!, subs[row.SubscriptionId].Bounces > 0), ct);
                }
            }
        }
        finally
        {
            queue.TryComplete();
        }
    }

    /// <summary>Sends in order; each outcome is written while the next message goes out.</summary>
    private async Task ConsumeAsync(string owner, ChannelReader<Rendered> queue, ConcurrentDictionary<long, int> claimed, Tally tally,
        Action<int>? progress, CancellationToken ct)
    {
        var o = options.Value;
        var failuresInARow = 0;
        Task recording = Task.CompletedTask;
        await using var recorder = await outbox.OpenRecorderAsync(ct);
        await using var session = transport.OpenSession();
        try
        {
            await foreach (var (row, claim, message, messageId, hadBounces) in queue.ReadAllAsync(ct))
            {
                var delivery = await session.SendAsync(message, ct);
                message.Dispose();
                await recording;
                recording = RecordAsync(recorder, owner, row, messageId, hadBounces, delivery, o, (claimed, claim), ct);
                switch (delivery.Outcome)
                {
                    case MailOutcome.Sent:
                        tally.Sent++;
                        failuresInARow = 0;
                        break;
                    case MailOutcome.RecipientRejected:
                        tally.Bounced++;
                        logger.LogWarning("Digest {Id} bounced: {Error}", row.Id, delivery.Error);
                        break;
                    case MailOutcome.Rejected:
                        tally.Rejected++;
                        logger.LogWarning("Digest {Id} was refused by the relay: {Error}", row.Id, delivery.Error);
                        break;
                    default:
                        tally.Failed++;
                        if (++failuresInARow >= FailuresInARowForRelayDown)
                        {
                            logger.LogWarning("The mail relay keeps failing ({Error}); the digests not sent stay queued for the next run", delivery.Error);
                            tally.RelayDown = true;
                            return;
                        }
                        break;
                }
                progress?.Invoke(tally.Done);
            }
        }
        finally
        {
            await recording;
        }
    }

    private async Task RecordAsync(OutboxRecorder recorder, string owner, OutboxMessage row, string messageId, bool hadBounces, MailDelivery delivery, DigestOptions o,
        (ConcurrentDictionary<long, int> Rows, int Claim) claimed, CancellationToken ct)
    {
        switch (delivery.Outcome)
        {
            case MailOutcome.Sent when !hadBounces:
                await recorder.SentAsync(row.Id, owner, messageId, outbox.Now, ct);
                break;
            case MailOutcome.Sent:
                await outbox.MarkSentAfterBouncesAsync(row.Id, owner, messageId, ct);
                break;
            case MailOutcome.RecipientRejected:
                await outbox.MarkBouncedAsync(row.Id, delivery.Error ?? "recipient refused", o.BounceLimit, ct);
                break;
            case MailOutcome.Rejected:
                await outbox.FinishUnsentAsync(row.Id, "rejected", delivery.Error, ct);
                break;
            default:
                await outbox.MarkFailedAsync(row.Id, delivery.Error ?? "failed", o.MaxAttempts, ct);
                break;
        }
        // Only this claim's entry: the row may be claimed again already (it failed, and is queued once more).
        claimed.Rows.TryRemove(KeyValuePair.Create(row.Id, claimed.Claim));
    }

    private OutgoingMail? Render(OutboxMessage row, Subscription? s, IEnumerable<Assembly.DigestItem> items, DigestPaperCache papers,
        Func<LinkPurpose, long, string> sign, string baseUrl)
    {
        if (s is not { Status: SubscriptionStatus.Active } || !DigestPeriod.TryParseKey(row.Period, out var period))
        {
            return null;
        }
        var shown = papers.Items(items);
        if (shown.Count == 0)
        {
            return null;
        }
        var mailLinks = DigestMailLinks.For(baseUrl, sign, s.Id, row.Id);
        var domain = composer.From.Domain;
        return DigestMail.Build(s.Email, period, shown, mailLinks, site.Value.Name, $"digest.{row.Id}.{row.SubscriptionId}@{domain}");
    }
}
