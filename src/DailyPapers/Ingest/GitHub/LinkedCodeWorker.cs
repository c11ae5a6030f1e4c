using Microsoft.Extensions.Options;

namespace DailyPapers.Ingest.GitHub;

/// <summary>Runs <see cref="LinkedCodeJob"/> in the web host every <c>GitHub:CheckInterval</c>.</summary>
public sealed class LinkedCodeWorker(LinkedCodeJob job, IOptions<GitHubOptions> options, TimeProvider clock, ILogger<LinkedCodeWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await job.RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "The linked-code job failed; it runs again in {Interval}", options.Value.CheckInterval);
            }
            try
            {
                await Task.Delay(options.Value.CheckInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
