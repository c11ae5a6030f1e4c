using DailyPapers.Digest.Assembly;
using DailyPapers.Digest.Subscriptions;
using Microsoft.Extensions.Options;

namespace DailyPapers.Digest.Delivery;

/// <summary>What a digest run did.</summary>
public sealed record DigestRunReport(string Period, int Planned, int Queued, SendReport Send, string? HeldBy = null)
{
    /// <summary>False when another node held the digest job, so this run did nothing.</summary>
    public bool Ran => HeldBy is null;
}

/// <summary>Progress of a run: the phase ("building" or "sending") and how many subscribers or messages are done.</summary>
public sealed record DigestProgress(string Phase, int Done, int? Total);

/// <summary>
/// Runs the digest job under the <c>digest</c> job lease, so with many web nodes (or a node and the
/// <c>digest send</c> verb) one process builds and sends at a time: the period's digests are planned for every
/// active subscriber and written to the outbox (each once, by its idempotency key), then the outbox is sent.
/// The scheduler, the verb and the tests all run this.
/// </summary>
public sealed class DigestRunner(
    SubscriptionStore subscriptions,
    DigestBuilder builder,
    DigestOutbox outbox,
    DigestSender sender,
    JobLease lease,
    IOptions<DigestOptions> options,
    ILogger<DigestRunner> logger)
{
    public const string LeaseName = "digest";
    private const int PlanBatch = 250;

    /// <summary>This process's name in leases and in the outbox's <c>sent_by</c>.</summary>
    public string NodeId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Builds and sends the digests of <paramref name="period"/>, then anything else still queued.</summary>
    public Task<DigestRunReport> RunAsync(DigestPeriod period, IProgress<DigestProgress>? progress = null, CancellationToken ct = default) =>
        UnderLeaseAsync(period.Key, async () =>
        {
            var (planned, queued) = await BuildAsync(period, progress, ct);
            return new DigestRunReport(period.Key, planned, queued, await SendAsync(progress, null, ct));
        }, ct);

    /// <summary>Sends what is queued (digests that failed earlier and wait for a retry).</summary>
    public Task<DigestRunReport> SendQueuedAsync(IProgress<DigestProgress>? progress = null, CancellationToken ct = default) =>
        UnderLeaseAsync("queued", async () => new DigestRunReport("queued", 0, 0, await SendAsync(progress, null, ct)), ct);

    private async Task<DigestRunReport> UnderLeaseAsync(string what, Func<Task<DigestRunReport>> work, CancellationToken ct)
    {
        if (!await lease.TryAcquireAsync(LeaseName, NodeId, options.Value.LeaseDuration, ct))
        {
            var holder = await lease.HolderAsync(LeaseName, ct) ?? "another node";
            logger.LogInformation("Digest job ({What}) left to {Holder}, which holds the lease", what, holder);
            return new DigestRunReport(what, 0, 0, SendReport.Nothing, holder);
        }
        try
        {
            return await work();
        }
        finally
        {
            await lease.ReleaseAsync(LeaseName, NodeId);
        }
    }

    private async Task<(int Planned, int Queued)> BuildAsync(DigestPeriod period, IProgress<DigestProgress>? progress, CancellationToken ct)
    {
        var run = await builder.StartAsync(period, ct);
        int planned = 0, queued = 0;
        var after = 0L;
        while (true)
        {
            var page = await subscriptions.ActiveAsync(period.Frequency, after, PlanBatch, ct);
            if (page.Count == 0)
            {
                break;
            }
            after = page[^1].Id;
            await RenewAsync(ct);
            var done = await outbox.PlannedAsync(period.Key, page.Select(s => s.Id).ToList(), ct);
            var todo = page.Where(s => !done.Contains(s.Id)).ToList();
            if (todo.Count > 0)
            {
                var plans = await run.PlanAsync(todo, ct);
                queued += await outbox.EnqueueAsync(plans, ct);
                planned += plans.Count;
            }
            progress?.Report(new DigestProgress("building", planned, null));
        }
        logger.LogInformation("Digest {Period}: {Planned} digests planned, {Queued} to send", period.Key, planned, queued);
        return (planned, queued);
    }

    private async Task<SendReport> SendAsync(IProgress<DigestProgress>? progress, Func<bool>? moreComing, CancellationToken ct)
    {
        var report = await sender.SendQueuedAsync(NodeId, () => lease.TryAcquireAsync(LeaseName, NodeId, options.Value.LeaseDuration, ct),
            done => progress?.Report(new DigestProgress("sending", done, null)), moreComing, ct);
        logger.LogInformation("Digests sent: {Sent}, bounced {Bounced}, refused {Rejected}, failed {Failed}, cancelled {Cancelled}",
            report.Sent, report.Bounced, report.Rejected, report.Failed, report.Cancelled);
        return report;
    }

    private async Task RenewAsync(CancellationToken ct)
    {
        if (!await lease.TryAcquireAsync(LeaseName, NodeId, options.Value.LeaseDuration, ct))
        {
            throw new InvalidOperationException("The digest job's lease was taken over by another node.");
        }
    }
}
