using Microsoft.Extensions.Options;

namespace DailyPapers.Search.Semantic;

/// <summary>Runs the <see cref="EmbeddingJob"/> in the background: after start-up, then whenever new papers arrive.</summary>
public sealed class EmbeddingWorker(EmbeddingJob job, IOptions<SearchOptions> options, TimeProvider clock, ILogger<EmbeddingWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.EmbedInBackground)
        {
            return;
        }
        var interval = options.Value.EmbeddingInterval > TimeSpan.Zero ? options.Value.EmbeddingInterval : TimeSpan.FromSeconds(10);
        try
        {
            while (true)
            {
                // Waits first: start-up (migrations, index catch-up) gets the cores before the model does.
                await Task.Delay(interval, clock, stoppingToken);
                try
                {
                    await job.RunWhenChangedAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Search keeps working on words and the vectors stored so far; an exception escaping a
                    // BackgroundService would stop the whole host.
                    logger.LogWarning(e, "Embedding papers failed; retrying later");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
