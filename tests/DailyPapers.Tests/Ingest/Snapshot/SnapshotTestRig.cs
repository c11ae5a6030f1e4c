using System.Text;
using DailyPapers.Ingest.Snapshot;
using DailyPapers.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Ingest.Snapshot;

/// <summary>A fresh database of one provider, the import services over it, and a folder for the test's files.</summary>
public sealed class SnapshotTestRig : IAsyncDisposable
{
    private readonly string _folder;

    private SnapshotTestRig(TestDatabase db, ServiceProvider services)
    {
        Db = db;
        Services = services;
        _folder = Directory.CreateTempSubdirectory("dailypapers-snapshot-").FullName;
    }

    public TestDatabase Db { get; }
    public ServiceProvider Services { get; }
    public PaperStore Store => Services.GetRequiredService<PaperStore>();
    public SnapshotImporter Importer => ActivatorUtilities.CreateInstance<SnapshotImporter>(Services);

    public static async Task<SnapshotTestRig> CreateAsync(string provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        return new SnapshotTestRig(db, db.Services());
    }

    /// <summary>Writes the bytes to a new file in the test's folder and returns its path.</summary>
    public string File(byte[] content, string name = "snapshot.jsonl")
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Writes the lines, each ended by "\n", as UTF-8 without BOM.</summary>
    public string Lines(IEnumerable<string> lines, string name = "snapshot.jsonl") =>
        File(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))), name);

    public string Replicated(int count, string name = "replicated.jsonl")
    {
        var path = Path.Combine(_folder, name);
        SnapshotFiles.Replicate(SnapshotFiles.Head200Fixture, path, count);
        return path;
    }

    public async Task<(SnapshotImportResult Result, RecordingObserver Seen)> ImportAsync(string file, Func<SnapshotImportRequest, SnapshotImportRequest>? change = null)
    {
        var seen = new RecordingObserver();
        var request = new SnapshotImportRequest(file);
        var result = await Importer.ImportAsync(change is null ? request : change(request), seen);
        return (result, seen);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Db.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>Keeps what an import reported.</summary>
public sealed class RecordingObserver : ISnapshotImportObserver
{
    public List<SnapshotRejectedLine> RejectedLines { get; } = [];
    public List<SnapshotImportProgress> Commits { get; } = [];
    public long? ResumedAt { get; private set; }

    /// <summary>Called after each commit; throwing from it stops the import there, as a crash would.</summary>
    public Action<SnapshotImportProgress>? AfterCommit { get; init; }

    /// <summary>Set when the import found the index lock held and began to wait.</summary>
    public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void WaitingForIndexes() => Waiting.TrySetResult();
    public void Resuming(long line) => ResumedAt = line;
    public void Rejected(SnapshotRejectedLine line) => RejectedLines.Add(line);

    public void Committed(SnapshotImportProgress progress)
    {
        Commits.Add(progress);
        AfterCommit?.Invoke(progress);
    }
}
