using System.Diagnostics.CodeAnalysis;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Digest.Delivery;

/// <summary>
/// Sends the digests on schedule: once the local time in <c>Digest:TimeZone</c> passes <c>Digest:SendTime</c>, the
/// day's daily digest (weekdays) and, on <c>Digest:WeeklyDay</c>, the weekly one; a node that was down at that time
/// sends them when it comes back the same day. Digests that failed wait <c>Digest:RetryInterval</c> between tries.
/// Every node runs this; the job lease lets one of them work at a time.
/// </summary>
public sealed class DigestScheduler(
    DigestRunner runner,
    DigestOutbox outbox,
    Database database,
    IOptions<DigestOptions> options,
    TimeProvider clock,
    ILogger<DigestScheduler> logger) : BackgroundService
{
    [SuppressMessage("Design", "CA1031", Justification = "A failed run is logged and retried at the next check; the job must outlive it.")]
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            logger.LogInformation("Digest schedule is off (Digest:Enabled=false)");
            return;
        }
        var lastRetry = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken);
                if (clock.GetUtcNow() - lastRetry >= o.RetryInterval && await outbox.QueuedCountAsync(stoppingToken) > 0)
                {
                    lastRetry = clock.GetUtcNow();
                    await runner.SendQueuedAsync(ct: stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The digest job failed; it will try again in {Interval}", o.CheckInterval);
            }
            try
            {
                await Task.Delay(o.CheckInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The digests due now that have not been run yet.</summary>
    public IReadOnlyList<DigestPeriod> Due()
    {
        var o = options.Value;
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), o.Zone);
        if (TimeOnly.FromDateTime(local.DateTime) < o.SendTime)
        {
            return [];
        }
        var today = DateOnly.FromDateTime(local.DateTime);
        var due = new List<DigestPeriod>();
        if (DigestPeriod.For(DigestFrequency.Daily, today) is { } daily)
        {
            due.Add(daily);
        }
        if (today.DayOfWeek == o.WeeklyDay)
        {
            due.Add(DigestPeriod.For(DigestFrequency.Weekly, today)!);
        }
        return due;
    }

    private async Task TickAsync(CancellationToken ct)
    {
        foreach (var period in Due())
        {
            var key = "digest_done:" + period.Key;
            await using (var connection = await database.OpenAsync(ct))
            {
                if (await SiteState.GetAsync(connection, null, key) is not null)
                {
                    continue;
                }
            }
            var report = await runner.RunAsync(period, ct: ct);
            if (report.Ran && !report.Send.LeaseLost)
            {
                await using var connection = await database.OpenAsync(ct);
                await SiteState.SetAsync(connection, null, key, clock.GetUtcNow().UtcDateTime.ToString("O"));
            }
        }
    }
}
