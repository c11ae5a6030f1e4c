using DailyPapers.Papers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Ingest.Oai;

/// <summary>
/// The daily harvest of a web node. arXiv announces Sunday to Thursday at 20:00 US Eastern; the harvest runs
/// <see cref="OaiHarvestScheduleOptions.DelayAfterAnnouncement"/> later (or every day at <c>Harvest:TimeOfDayUtc</c>),
/// and at start whenever the last completed harvest is older than the last run time, so a node that was down catches
/// up. Each run harvests the OAI set of each archive in <c>Harvest:Categories</c> (keeping those categories), resuming
/// a harvest that stopped midway from its checkpoint; the first run of a set starts <c>Harvest:InitialDays</c> back.
/// It never holds up start-up or a page: it starts after the host, and a failed try (arXiv unreachable) logs one line
/// and tries again after a delay that doubles up to <c>Harvest:MaxRetryDelay</c>. On PostgreSQL one node of many
/// harvests at a time (<see cref="OaiHarvestLock"/>). <see cref="HarvestScheduleState"/> shows what it is doing.
/// </summary>
public sealed class OaiHarvestSchedule(
    IServiceScopeFactory scopes, IOptions<OaiHarvestScheduleOptions> options, IOptions<HarvestedCategories> categories, HarvestScheduleState state, TimeProvider clock,
    ILogger<OaiHarvestSchedule> logger) : BackgroundService
{
    /// <summary>The first run time strictly after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, OaiHarvestScheduleOptions o) => RunTimes(now, o).First(t => t > now);

    /// <summary>The last run time at or before <paramref name="now"/>.</summary>
    public static DateTimeOffset PreviousRun(DateTimeOffset now, OaiHarvestScheduleOptions o) => RunTimes(now, o).Last(t => t <= now);

    /// <summary>Run times from a week before <paramref name="now"/> to a week after, in order.</summary>
    private static IEnumerable<DateTimeOffset> RunTimes(DateTimeOffset now, OaiHarvestScheduleOptions o)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        for (var day = today.AddDays(-8); day <= today.AddDays(8); day = day.AddDays(1))
        {
            if (o.TimeOfDayUtc is { } utc)
            {
                yield return new DateTimeOffset(day.ToDateTime(utc, DateTimeKind.Utc));
            }
            else if (ArxivSchedule.AnnouncesOn(day.DayOfWeek))
            {
                yield return ArxivSchedule.At(day, ArxivSchedule.AnnouncementTime, ArxivSchedule.Eastern) + o.DelayAfterAnnouncement;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // the host's start never waits for anything below
        await BackfillDaysAsync(stoppingToken);
        var o = options.Value;
        if (!o.Enabled)
        {
            state.Update(s => s with { Activity = HarvestActivity.Off });
            logger.LogInformation("The daily arXiv harvest is off (Harvest:Enabled)");
            return;
        }
        var requests = o.Requests(categories.Value.Effective);
        state.Update(s => s with { Sets = requests.Select(r => r.Set ?? "all").ToList(), Categories = requests.SelectMany(r => r.Categories).ToList() });
        DateTimeOffset? decided = null; // the time the last run set for the next: a retry, or another node's turn
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = decided ?? (await IsDueAsync(requests, now, o, stoppingToken) ? now : NextRun(now, o));
            var backingOff = state.Current.FailuresInARow > 0;
            state.Update(s => s with { NextRunAt = next, Activity = backingOff ? HarvestActivity.BackingOff : HarvestActivity.Waiting });
            if (next > now && !backingOff)
            {
                logger.LogInformation("Next arXiv harvest of {Sets} at {NextRun:u}", string.Join(", ", state.Current.Sets), next);
            }
            // Timers may fire a tick early; the run time is a promise to the operator, so wait out any remainder.
            for (var wait = next - clock.GetUtcNow(); wait > TimeSpan.Zero; wait = next - clock.GetUtcNow())
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            decided = await RunOnceAsync(requests, o, stoppingToken);
        }
    }

    /// <summary>Whether a set has never completed a harvest, stopped midway, or last completed before the last run time.</summary>
    private async Task<bool> IsDueAsync(IReadOnlyList<OaiHarvestRequest> requests, DateTimeOffset now, OaiHarvestScheduleOptions o, CancellationToken ct)
    {
        var previous = PreviousRun(now, o);
        try
        {
            using var scope = scopes.CreateScope();
            var harvester = scope.ServiceProvider.GetRequiredService<OaiHarvester>();
            foreach (var request in requests)
            {
                if (await harvester.CheckpointAsync(request.Set, ct) is not { InProgress: false, CompletedAt: { } completed } || completed < previous)
                {
                    return true;
                }
            }
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return true; // the run itself will say what is wrong, and back off
        }
    }

    /// <summary>
    /// Harvests every set once. Returns when to try again after a failure, the next run time when another node is
    /// harvesting, or null after a success (the next run is then the next due one).
    /// </summary>
    private async Task<DateTimeOffset?> RunOnceAsync(IReadOnlyList<OaiHarvestRequest> requests, OaiHarvestScheduleOptions o, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        state.Update(s => s with { Activity = HarvestActivity.Harvesting, LastAttemptAt = started });
        var counts = new HarvestCounts(0, 0, 0, 0, 0, 0, 0);
        string? failure;
        var unreachable = false;
        try
        {
            using var scope = scopes.CreateScope();
            var harvester = scope.ServiceProvider.GetRequiredService<OaiHarvester>();
            failure = null;
            foreach (var request in requests)
            {
                var first = await harvester.CheckpointAsync(request.Set, ct) is null;
                var result = await harvester.HarvestAsync(
                    first ? request with { From = DateOnly.FromDateTime(started.UtcDateTime).AddDays(-o.InitialDays) } : request, ct: ct);
                if (result.Error is { Kind: OaiErrorKind.AlreadyRunning })
                {
                    logger.LogInformation("arXiv harvest left to another node: it is harvesting now");
                    state.Update(s => s with { LeftToAnotherNode = true, FailuresInARow = 0 });
                    return NextRun(clock.GetUtcNow(), o);
                }
                if (result.Error is { } error)
                {
                    (failure, unreachable) = (error.Message, error.Kind == OaiErrorKind.Unreachable);
                    break;
                }
                var p = result.Progress;
                counts = new HarvestCounts(counts.Records + p.Records, counts.Inserted + p.Inserted, counts.Updated + p.Updated,
                    counts.Unchanged + p.Unchanged, counts.OutOfScope + p.OutOfScope, counts.Malformed + p.Malformed.Count, counts.Deleted + p.Deleted);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A database outage must not end the schedule: the checkpoint lets the next try carry on.
            failure = e.Message;
        }
        var now = clock.GetUtcNow();
        if (failure is null)
        {
            logger.LogInformation("Harvested arXiv: {Inserted} new papers, {Updated} updated, {OutOfScope} outside Harvest:Categories",
                counts.Inserted, counts.Updated, counts.OutOfScope);
            if (counts.Inserted > 0)
            {
                await FollowUpAsync(counts.Inserted, ct);
            }
            // After the follow-ups: a run counts as done when the day's list is curated too.
            state.Update(s => s with { LastSuccessAt = now, LastRun = counts, FailuresInARow = 0, LeftToAnotherNode = false });
            return null;
        }
        var failures = state.Current.FailuresInARow + 1;
        var backoff = o.RetryDelay * Math.Pow(2, Math.Min(failures - 1, 20));
        var retryAt = now + (backoff < o.MaxRetryDelay ? backoff : o.MaxRetryDelay);
        var scheduled = NextRun(now, o);
        retryAt = scheduled < retryAt ? scheduled : retryAt;
        state.Update(s => s with { FailuresInARow = failures, LastError = failure, LastErrorAt = now, NextRunAt = retryAt, LeftToAnotherNode = false });
        // The one line an operator needs: what failed, and when the next try is (the client's own retries logged nothing).
        if (unreachable)
        {
            logger.LogWarning("arXiv unreachable: {Reason}, next try at {NextTry:u}", failure, retryAt);
        }
        else
        {
            logger.LogWarning("arXiv harvest failed: {Reason}, next try at {NextTry:u}", failure, retryAt);
        }
        return retryAt;
    }

    /// <summary>What features above do after a harvest with new papers (curation); a failure there is theirs to report, not the harvest's.</summary>
    private async Task FollowUpAsync(long inserted, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        foreach (var followUp in scope.ServiceProvider.GetServices<IHarvestFollowUp>())
        {
            try
            {
                if (await followUp.AfterHarvestAsync(inserted, ct) is { } done)
                {
                    logger.LogInformation("After the harvest: {FollowUp}", done);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "After the harvest, {FollowUp} failed", followUp.GetType().Name);
            }
        }
    }

    /// <summary>Papers stored before announcement days existed get theirs, whether or not this node harvests.</summary>
    private async Task BackfillDaysAsync(CancellationToken ct)
    {
        try
        {
            using var scope = scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<AnnouncementBackfill>().RunAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next start goes on from the cursor; /new lists those papers once they have a day.
            logger.LogWarning(e, "Could not give papers stored before announcement days their day");
        }
    }
}
