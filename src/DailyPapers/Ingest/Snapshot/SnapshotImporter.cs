using System.Data.Common;
using System.Threading.Channels;
using Dapper;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Ingest.Snapshot;

/// <summary>
/// Imports a Kaggle arXiv snapshot file: one task reads and parses lines into batches while another upserts
/// each batch in its own transaction, together with a checkpoint of how far the file is done. Bad lines are
/// reported and skipped; a crash loses at most the batch in flight, and a rerun of the same file continues
/// after the last committed batch (re-reading it would also be harmless: the upsert is idempotent).
/// </summary>
public sealed partial class SnapshotImporter(Database database, PaperStore store, IngestMetrics metrics, TimeProvider clock)
{
    public async Task<SnapshotImportResult> ImportAsync(SnapshotImportRequest request, ISnapshotImportObserver observer, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.FromLine, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.BatchSize, 1);
        var started = clock.GetTimestamp();
        await using var file = new FileStream(request.File, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var key = SnapshotCheckpoint.KeyFor(file);
        await using var running = await HoldIndexLockAsync(observer, ct);
        await using var connection = await database.OpenAsync(ct);
        using var writer = await store.OpenBatchWriterAsync(connection, ct);

        var firstLine = 1L;
        long? resumedAt = null;
        long? resumedFrom = null; // where the interrupted run had started: the lines from there on are covered
        if (!request.Restart && await SnapshotCheckpoint.ReadAsync(connection, key) is { } checkpoint
            && checkpoint.Covers(request.FromLine) && checkpoint.FitsIn(file))
        {
            file.Position = checkpoint.Offset;
            firstLine = checkpoint.NextLine;
            resumedAt = checkpoint.NextLine;
            resumedFrom = checkpoint.FromLine;
            observer.Resuming(checkpoint.NextLine);
        }
        var bulk = await StartBulkLoadAsync(connection, file.Length - file.Position, request.Limit, ct);

        // One batch waits while the next is parsed and the previous written: enough to keep both threads busy,
        // and no more parsed papers alive than that (see DefaultBatchSize).
        var batches = Channel.CreateBounded<SnapshotBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Factory.StartNew(
            () => ReadBatches(file, firstLine, request, batches.Writer, stopReading.Token),
            stopReading.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var totals = Empty(file.Length, file.Position);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(ct))
            {
                foreach (var rejected in batch.Rejected)
                {
                    observer.Rejected(rejected);
                }
                var outcomes = await CommitAsync(connection, writer, key, resumedFrom ?? request.FromLine, batch, ct);
                metrics.Stored("snapshot", outcomes.Count, batch.Rejected.Count);
                totals = totals with
                {
                    BytesDone = batch.EndOffset,
                    LinesRead = totals.LinesRead + batch.Lines,
                    Inserted = totals.Inserted + outcomes.Count(o => o == UpsertOutcome.Inserted),
                    Updated = totals.Updated + outcomes.Count(o => o == UpsertOutcome.Updated),
                    Unchanged = totals.Unchanged + outcomes.Count(o => o == UpsertOutcome.Unchanged),
                    Rejected = totals.Rejected + batch.Rejected.Count,
                    Blank = totals.Blank + batch.Blank,
                    LastLine = Math.Max(totals.LastLine, batch.LastLine),
                    Elapsed = clock.GetElapsedTime(started),
                };
                observer.Committed(totals);
            }
        }
        catch
        {
            // A failed write must not leave the reader waiting for room in the channel.
            await stopReading.CancelAsync();
            await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        var stoppedAtLimit = await reading;
        if (bulk.Count > 0)
        {
            observer.BuildingIndexes(bulk);
            await DeferredIndexes.RestoreAsync(database, connection, ct);
        }
        // Done as asked: the next run of this file starts afresh (and finds everything unchanged).
        await SnapshotCheckpoint.ClearAsync(connection, key);
        return new SnapshotImportResult(totals with { Elapsed = clock.GetElapsedTime(started) }, request.FromLine, resumedAt, stoppedAtLimit);
    }

    /// <summary>
    /// A bulk load (the file holds more records than the database holds papers, by a low estimate of 4 KB a line):
    /// the paper indexes whose keys arrive in no order are taken off until the end (<see cref="PaperStore.ScatteredIndexes"/>;
    /// measured in bench/README.md). Otherwise any an interrupted bulk load left off are built now, before writing.
    /// Returns the indexes taken off (and any left off before), to build at the end.
    /// </summary>
    private async Task<IReadOnlyList<string>> StartBulkLoadAsync(DbConnection connection, long bytesLeft, long? limit, CancellationToken ct)
    {
        var expected = Math.Min(bytesLeft / BytesPerRecordLow, limit ?? long.MaxValue);
        var stored = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM (SELECT 1 FROM papers LIMIT @limit) AS p", new { limit = expected + 1 }, cancellationToken: ct));
        if (stored <= expected && expected > 0)
        {
            await DeferredIndexes.DropAsync(database, connection, PaperStore.ScatteredIndexes, ct);
            return await DeferredIndexes.PendingAsync(connection, ct);
        }
        await DeferredIndexes.RestoreAsync(database, connection, ct);
        return [];
    }

    /// <summary>
    /// Marks this import as running for its whole run (<see cref="DeferredIndexes.LockKey"/>), so a web node starting
    /// meanwhile leaves the indexes it takes off to it; waits while another import or a node's build of them holds it.
    /// </summary>
    private async Task<AdvisoryLock> HoldIndexLockAsync(ISnapshotImportObserver observer, CancellationToken ct)
    {
        for (var waiting = false; ; waiting = true)
        {
            if (await AdvisoryLock.TryTakeAcrossProcessesAsync(database, DeferredIndexes.LockKey, ct) is { } held)
            {
                return held;
            }
            if (!waiting)
            {
                observer.WaitingForIndexes();
            }
            await Task.Delay(TimeSpan.FromSeconds(1), clock, ct);
        }
    }

    /// <summary>Fewer bytes than any real snapshot line takes on average (the Kaggle file: ~1.7 KB; the bench corpus: 2.3 KB).</summary>
    private const long BytesPerRecordLow = 4096;

    /// <summary>Upserts the batch's papers and moves the checkpoint past its lines, in one transaction.</summary>
    private async Task<IReadOnlyList<UpsertOutcome>> CommitAsync(
        DbConnection connection, PaperBatchWriter writer, string key, long fromLine, SnapshotBatch batch, CancellationToken ct)
    {
        if (batch.Lines == 0)
        {
            return [];
        }
        await using var tx = await database.BeginWriteAsync(connection, ct);
        var outcomes = await writer.UpsertAsync(tx, batch.Papers, ct);
        await new SnapshotCheckpoint(fromLine, batch.LastLine + 1, batch.EndOffset).SaveAsync(connection, tx, key);
        await tx.CommitAsync(ct);
        return outcomes;
    }

    private static SnapshotImportProgress Empty(long fileBytes, long bytesDone) => new()
    {
        FileBytes = fileBytes,
        StartBytes = bytesDone,
        BytesDone = bytesDone,
        LinesRead = 0,
        Inserted = 0,
        Updated = 0,
        Unchanged = 0,
        Rejected = 0,
        Blank = 0,
        LastLine = 0,
        Elapsed = TimeSpan.Zero,
    };
}
