using DailyPapers.Papers;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Community.Library;

/// <summary>
/// The library job in the web host: keys the titles of papers stored before title keys existed (once, one node at
/// a time), then fetches the arXiv papers imports wait for, whenever an import wakes it or every
/// <c>Library:FetchInterval</c> (imports made on other nodes, retries that came due).
/// </summary>
public sealed class LibraryFetchWorker(
    LibraryFetcher fetcher, TitleKeyBackfill backfill, Database database, LibraryFetchSignal signal, IOptions<LibraryOptions> options,
    TimeProvider clock, ILogger<LibraryFetchWorker> logger) : BackgroundService
{
    private const long BackfillLockKey = 0x4c6962726172; // "Librar"

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.FetchInBackground)
        {
            return;
        }
        await Task.Yield();
        await GuardAsync("keying the titles of older papers", async () =>
        {
            await using var held = await AdvisoryLock.TryTakeAsync(database, BackfillLockKey, stoppingToken);
            if (held is not null)
            {
                await backfill.RunAsync(stoppingToken);
            }
        }, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            await GuardAsync("fetching the papers of imports", async () =>
            {
                while (!stoppingToken.IsCancellationRequested && await fetcher.RunOnceAsync(stoppingToken))
                {
                }
            }, stoppingToken);
            await signal.WaitAsync(options.Value.FetchInterval, clock, stoppingToken);
        }
    }

    private async Task GuardAsync(string what, Func<Task> work, CancellationToken stoppingToken)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "The library job failed while {What}; it tries again in {Interval}", what, options.Value.FetchInterval);
        }
    }
}
