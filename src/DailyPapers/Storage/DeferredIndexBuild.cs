namespace DailyPapers.Storage;

/// <summary>An index this node built for an interrupted bulk load, when, and how long it took.</summary>
public sealed record BuiltIndex(string Name, DateTime At, TimeSpan Took);

/// <summary>What this node's <see cref="DeferredIndexBuild"/> is doing, for <c>/admin/status</c>.</summary>
public sealed record DeferredIndexActivity
{
    /// <summary>The index being built now, and since when.</summary>
    public string? Building { get; init; }
    public DateTime? BuildingSince { get; init; }

    /// <summary>Indexes were pending but the lock was held: an import is running, or another node builds them.</summary>
    public bool LeftToHolder { get; init; }

    public IReadOnlyList<BuiltIndex> Built { get; init; } = [];

    /// <summary>The last failed try (the database away, say), retried after <see cref="DeferredIndexBuild.RecheckInterval"/>.</summary>
    public string? LastError { get; init; }
}

/// <summary>
/// At the web node's start, builds the indexes a killed bulk load left off (<see cref="DeferredIndexes"/>): without them
/// a title-key or DOI lookup scans every paper. It runs after the node has started listening, so a long build on
/// millions of papers does not hold the start up, and under <see cref="DeferredIndexes.LockKey"/>: while an import runs
/// (it holds the lock for its whole run, and builds them at its end) or another node builds them, this node looks
/// again every <see cref="RecheckInterval"/> until nothing is pending. One index at a time, each logged with its time.
/// </summary>
public sealed class DeferredIndexBuild(Database database, TimeProvider clock, ILogger<DeferredIndexBuild> logger) : BackgroundService
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _oneRun = new(1, 1);
    private volatile DeferredIndexActivity _current = new();

    public DeferredIndexActivity Current => _current;

    /// <summary>Builds what is pending; false when the lock was held elsewhere and something is still pending.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken ct = default)
    {
        await _oneRun.WaitAsync(ct);
        try
        {
            await using (var connection = await database.OpenAsync(ct))
            {
                if ((await DeferredIndexes.PendingAsync(connection, ct)).Count == 0)
                {
                    _current = _current with { LeftToHolder = false, LastError = null };
                    return true;
                }
            }
            await using var held = await AdvisoryLock.TryTakeAcrossProcessesAsync(database, DeferredIndexes.LockKey, ct);
            if (held is null)
            {
                if (!_current.LeftToHolder)
                {
                    logger.LogInformation("Indexes a bulk load took off are pending, and an import (or another node) holds them; looking again every {Interval}", RecheckInterval);
                }
                _current = _current with { LeftToHolder = true };
                return false;
            }
            await BuildPendingAsync(ct);
            return true;
        }
        finally
        {
            _current = _current with { Building = null, BuildingSince = null };
            _oneRun.Release();
        }
    }

    private async Task BuildPendingAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        // Read again under the lock: an import that just ended has built them.
        var pending = await DeferredIndexes.PendingAsync(connection, ct);
        if (pending.Count > 0)
        {
            logger.LogWarning("An interrupted bulk load left indexes off ({Indexes}): lookups by title key and DOI scan every paper until they are built; building them now", string.Join(", ", pending));
        }
        foreach (var name in pending)
        {
            var since = clock.GetUtcNow().UtcDateTime;
            _current = _current with { Building = name, BuildingSince = since, LeftToHolder = false, LastError = null };
            var started = clock.GetTimestamp();
            await DeferredIndexes.BuildOneAsync(database, connection, name, ct);
            var took = clock.GetElapsedTime(started);
            logger.LogInformation("Built index {Index} in {Seconds:0.0} s", name, took.TotalSeconds);
            _current = _current with { Built = [.. _current.Built, new BuiltIndex(name, since, took)] };
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start path: the host goes on starting (and listening) while this looks and builds.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken))
                {
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Building the indexes a bulk load took off failed; trying again in {Interval}", RecheckInterval);
                _current = _current with { LastError = e.Message };
            }
            try
            {
                await Task.Delay(RecheckInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _oneRun.Dispose();
        base.Dispose();
    }
}
