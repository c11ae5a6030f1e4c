using System.Diagnostics;
using DailyPapers.Search.Semantic;
using DailyPapers.Search.Sync;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Search.Snapshots;

/// <summary>What one publication wrote.</summary>
public sealed record PublishedSnapshot(string Folder, IndexSnapshotManifest Manifest, TimeSpan Took);

/// <summary>
/// Publishes this node's search indexes as a snapshot a new node can seed from (<see cref="IndexSnapshotSeeder"/>):
/// the keyword index's last commit (held, so the node goes on indexing while its files are copied) and a copy of
/// the vector index, both of the same change-feed positions, with a manifest of checksums; written under a temporary
/// name and made the latest only once complete (<see cref="IndexSnapshotFolder"/>). On PostgreSQL one node at a time
/// publishes (advisory lock), so nodes sharing the folder take turns.
/// </summary>
public sealed class IndexSnapshotPublisher(
    SearchIndexes indexes, SearchIndexSync sync, Database database, IOptions<SearchOptions> options, TimeProvider clock, ILogger<IndexSnapshotPublisher> logger)
{
    private const long LockKey = 0x4450536e6170; // "DPSnap"

    /// <summary>The node's configured snapshot folder (<c>Search:SnapshotPath</c>), or empty.</summary>
    public string ConfiguredRoot => options.Value.SnapshotPath;

    /// <summary>The latest snapshot's manifest in <paramref name="root"/>, or null when there is none or it cannot be read.</summary>
    public static IndexSnapshotManifest? Latest(string root)
    {
        try
        {
            return IndexSnapshotFolder.ReadLatest(root)?.Manifest;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return null;
        }
    }

    /// <summary>Writes a snapshot into <paramref name="root"/> and makes it the latest; null when another node holds the publishing lock.</summary>
    public async Task<PublishedSnapshot?> PublishAsync(string root, CancellationToken ct)
    {
        await using var publishing = await AdvisoryLock.TryTakeAsync(database, LockKey, ct);
        if (publishing is null)
        {
            return null;
        }
        var started = Stopwatch.StartNew();
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(root);
        var now = clock.GetUtcNow();
        var name = $"{IndexSnapshotFolder.Prefix}{now:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        var staging = Path.Combine(root, name + ".tmp");
        try
        {
            var files = new List<IndexSnapshotFile>();
            IndexSnapshotManifest manifest;
            using (var capture = await sync.CaptureAsync(folder => IndexSnapshotFolder.CopySavedVectors(folder, Path.Combine(staging, "vectors")), ct))
            {
                Directory.CreateDirectory(Path.Combine(staging, "keyword"));
                foreach (var file in capture.Keyword.FileNames.Order(StringComparer.Ordinal))
                {
                    ct.ThrowIfCancellationRequested();
                    var (size, checksum) = IndexSnapshotFolder.Copy(Path.Combine(capture.Keyword.Folder, file), Path.Combine(staging, "keyword", file));
                    files.Add(new IndexSnapshotFile("keyword/" + file, size, checksum));
                }
                foreach (var file in Directory.EnumerateFiles(Path.Combine(staging, "vectors")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal))
                {
                    files.Add(IndexSnapshotFolder.Describe(staging, Path.Combine("vectors", file)));
                }
                manifest = new IndexSnapshotManifest
                {
                    Format = IndexSnapshotManifest.CurrentFormat,
                    Database = indexes.DatabaseId,
                    KeywordLayout = SearchIndexes.Layout,
                    VectorLayout = VectorFolder.Layout,
                    Model = indexes.Embedder.Model.Name,
                    Dimensions = indexes.Embedder.Model.Dimensions,
                    Precision = indexes.Vectors.Precision.ToString(),
                    Papers = capture.PaperCount,
                    Vectors = capture.VectorCount,
                    Graph = capture.Graph,
                    PaperPosition = capture.Papers.ToString(),
                    VectorPosition = capture.Vectors.ToString(),
                    CreatedAt = now,
                    Node = Environment.MachineName,
                    Files = files,
                };
            }
            IndexSnapshotFolder.WriteManifest(staging, manifest);
            Directory.Move(staging, Path.Combine(root, name));
            IndexSnapshotFolder.Publish(root, name);
            logger.LogInformation("Published an index snapshot {Folder}: {Papers} papers, {Vectors} vectors ({Graph}), up to change {Seq}, {Megabytes:0} MB in {Seconds:0.0} s",
                Path.Combine(root, name), manifest.Papers, manifest.Vectors, manifest.Graph ? "with its graph" : "no graph", ChangeCursor.Parse(manifest.PaperPosition).Seq, manifest.Bytes / 1048576.0, started.Elapsed.TotalSeconds);
            return new PublishedSnapshot(Path.Combine(root, name), manifest, started.Elapsed);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}
