using Microsoft.Extensions.Options;

namespace DailyPapers.Search.Snapshots;

/// <summary>
/// Publishes this node's indexes into <see cref="SearchOptions.SnapshotPath"/> when the latest snapshot there is older
/// than <see cref="SearchOptions.SnapshotInterval"/>, once the node has caught up and no graph is being built (a
/// snapshot without its graph would leave every node seeded from it to build one).
/// </summary>
public sealed class SnapshotPublishWorker(
    IndexSnapshotPublisher publisher, SearchIndexes indexes, SnapshotStatus status, IOptions<SearchOptions> options, TimeProvider clock, ILogger<SnapshotPublishWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (root, interval) = (options.Value.SnapshotPath, options.Value.SnapshotInterval);
        if (root.Length == 0 || interval <= TimeSpan.Zero)
        {
            return;
        }
        // Look often enough to publish on time, rarely enough to cost nothing.
        var check = TimeSpan.FromTicks(Math.Clamp(interval.Ticks / 4, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(5).Ticks));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(check, clock, stoppingToken);
                var latest = IndexSnapshotPublisher.Latest(root);
                if (indexes.Ready && !indexes.Vectors.BuildingHnsw && (latest is null || clock.GetUtcNow() - latest.CreatedAt >= interval))
                {
                    if (await publisher.PublishAsync(root, stoppingToken) is not null)
                    {
                        status.Published();
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
            {
                // A full or unmounted share, a database restarting: the node serves as before and tries again later.
                status.Failed(e);
                logger.LogWarning(e, "Publishing an index snapshot into {Root} failed; trying again in {Interval}", root, check);
            }
        }
    }
}
