using Microsoft.Extensions.Options;

namespace DailyPapers.Ingest.Oai;

/// <summary>
/// The daily OAI harvest of a web node: sleeps until <see cref="OaiHarvestScheduleOptions.TimeOfDayUtc"/> on
/// the injected clock, then runs <see cref="OaiHarvester"/> with no from-date, so it picks up where the last
/// harvest stopped or completed. On PostgreSQL the harvester's lock lets one node of many run; the others skip.
/// </summary>
public sealed class OaiHarvestSchedule(
    IServiceScopeFactory scopes, IOptions<OaiHarvestScheduleOptions> options, TimeProvider clock, ILogger<OaiHarvestSchedule> logger)
    : BackgroundService
{
    /// <summary>The first <paramref name="timeOfDayUtc"/> strictly after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeOnly timeOfDayUtc)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date + timeOfDayUtc.ToTimeSpan(), TimeSpan.Zero);
        return today > now ? today : today.AddDays(1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            logger.LogInformation("The daily OAI harvest is off (Harvest:Enabled)");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = NextRun(clock.GetUtcNow(), o.TimeOfDayUtc);
            logger.LogInformation("Next OAI harvest of {Set} at {NextRun:u}", o.Set ?? "all sets", next);
            // Timers may fire a tick early; the run time is a promise to the operator, so wait out any remainder.
            for (var wait = next - clock.GetUtcNow(); wait > TimeSpan.Zero; wait = next - clock.GetUtcNow())
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            await RunOnceAsync(o.Set, stoppingToken);
        }
    }

    private async Task RunOnceAsync(string? set, CancellationToken ct)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<OaiHarvester>().HarvestAsync(new OaiHarvestRequest { Set = set }, ct: ct);
            if (result.Error is { Kind: OaiErrorKind.AlreadyRunning })
            {
                logger.LogInformation("Daily OAI harvest skipped: another node is harvesting");
            }
            else if (result.Error is { } error)
            {
                logger.LogError("Daily OAI harvest failed after {Pages} pages: {Error}", result.Progress.Pages, error.Message);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A database outage must not end the schedule: the checkpoint lets tomorrow's run carry on.
            logger.LogError(e, "Daily OAI harvest failed");
        }
    }
}
