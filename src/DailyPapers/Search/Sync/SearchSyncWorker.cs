using Microsoft.Extensions.Options;

namespace DailyPapers.Search.Sync;

/// <summary>Catches the search indexes up at start-up, then polls the database for changes every <see cref="SearchOptions.PollInterval"/>.</summary>
public sealed class SearchSyncWorker(SearchIndexSync sync, IOptions<SearchOptions> options, TimeProvider clock, ILogger<SearchSyncWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PollInterval > TimeSpan.Zero ? options.Value.PollInterval : TimeSpan.FromSeconds(1);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sync.SyncAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database may be restarting or not migrated yet, a disk may be full: keep serving what the
                // index has and retry; an exception escaping a BackgroundService would stop the whole host.
                if (failures++ % 30 == 0)
                {
                    logger.LogWarning(e, "Search index sync failed; retrying");
                }
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
