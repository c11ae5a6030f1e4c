using DailyPapers.Search;
using Microsoft.Extensions.Options;

namespace DailyPapers.Operations;

/// <summary>
/// Records every <see cref="StatusOptions.HeartbeatInterval"/> that this web node is alive and how far its search index
/// has followed the database, so <c>/admin/status</c> on any node shows every node's lag. A failed beat (the database
/// away) is retried at the next one: the node keeps serving meanwhile.
/// </summary>
public sealed class NodeHeartbeat(
    NodeHeartbeatStore store, SearchStatus search, NodeName node, IHostApplicationLifetime lifetime, IOptions<StatusOptions> options,
    TimeProvider clock, ILogger<NodeHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The port is part of the default name: wait until the server has one.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var name = node.Value;
        var startedAt = clock.GetUtcNow().UtcDateTime;
        var interval = options.Value.HeartbeatInterval > TimeSpan.Zero ? options.Value.HeartbeatInterval : TimeSpan.FromSeconds(10);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await store.BeatAsync(name, startedAt, clock.GetUtcNow().UtcDateTime, search.Position, stoppingToken);
                failures = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (failures++ % 30 == 0)
                {
                    logger.LogWarning(e, "Node heartbeat of {Node} failed; retrying", name);
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
