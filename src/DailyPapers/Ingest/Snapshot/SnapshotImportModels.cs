namespace DailyPapers.Ingest.Snapshot;

/// <summary>What to import: a snapshot file, optionally a window of its lines.</summary>
public sealed record SnapshotImportRequest(string File)
{
    /// <summary>
    /// Papers per transaction. Larger batches commit less often, but every parsed paper waiting in the hand-over
    /// survives garbage collections and is copied by each: 1,000 kept an import's collection pauses at about 7 %
    /// of its time (2,000: 14 %) with commits still a tenth of the writing (bench/README.md).
    /// </summary>
    public const int DefaultBatchSize = 1_000;

    /// <summary>The first line to read (1-based); earlier lines are skipped unread.</summary>
    public long FromLine { get; init; } = 1;

    /// <summary>Stop after this many lines (counted from <see cref="FromLine"/>); null reads to the end.</summary>
    public long? Limit { get; init; }

    /// <summary>Papers written per transaction.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Ignore the checkpoint an interrupted import of this file left, and read from <see cref="FromLine"/>.</summary>
    public bool Restart { get; init; }

    /// <summary>Lines longer than this are rejected as too long.</summary>
    public int MaxLineBytes { get; init; } = SnapshotLineReader.DefaultMaxLineBytes;

    /// <summary>The last line to read, from <see cref="FromLine"/> and <see cref="Limit"/>.</summary>
    public long LastLine => Limit is { } limit ? FromLine + limit - 1 : long.MaxValue;
}

/// <summary>The running totals of an import, reported after each committed batch and at the end.</summary>
public sealed record SnapshotImportProgress
{
    public required long FileBytes { get; init; }

    /// <summary>The byte offset this run started reading at (0, or where a checkpoint resumed).</summary>
    public required long StartBytes { get; init; }

    /// <summary>Bytes of the file behind the last committed batch (including any skipped or resumed-over part).</summary>
    public required long BytesDone { get; init; }

    /// <summary>Lines read by this run (skipped and resumed-over lines excluded; blank lines included).</summary>
    public required long LinesRead { get; init; }

    public required long Inserted { get; init; }
    public required long Updated { get; init; }
    public required long Unchanged { get; init; }
    public required long Rejected { get; init; }
    public required long Blank { get; init; }

    /// <summary>The last line committed, or 0 before the first batch.</summary>
    public required long LastLine { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public double LinesPerSecond => Elapsed.TotalSeconds > 0 ? LinesRead / Elapsed.TotalSeconds : 0;

    /// <summary>The time left at this run's pace so far, when there is a pace to go by.</summary>
    public TimeSpan? Remaining =>
        BytesDone > StartBytes && Elapsed > TimeSpan.Zero
            ? Elapsed * ((double)(FileBytes - BytesDone) / (BytesDone - StartBytes))
            : null;
}

/// <summary>How an import ended.</summary>
public sealed record SnapshotImportResult(SnapshotImportProgress Totals, long FirstLine, long? ResumedAtLine, bool StoppedAtLimit);

/// <summary>A line that was not imported, with its number and a one-line reason.</summary>
public readonly record struct SnapshotRejectedLine(long LineNumber, string Reason);

/// <summary>Follows an import as it runs: called from one task at a time, in line order.</summary>
public interface ISnapshotImportObserver
{
    /// <summary>A checkpoint of an earlier, interrupted import of the same file is being used.</summary>
    void Resuming(long line);

    void Rejected(SnapshotRejectedLine line);

    /// <summary>A batch was committed.</summary>
    void Committed(SnapshotImportProgress progress);

    /// <summary>Another import, or a web node building the indexes an interrupted bulk load took off, is at work: this one waits.</summary>
    void WaitingForIndexes()
    {
    }

    /// <summary>The lines are in; the indexes a bulk load took off are being built.</summary>
    void BuildingIndexes(IReadOnlyList<string> names)
    {
    }
}
