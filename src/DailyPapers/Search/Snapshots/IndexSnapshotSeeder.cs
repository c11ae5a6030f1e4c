using System.Diagnostics;
using DailyPapers.Search.Semantic;
using DailyPapers.Search.Sync;

namespace DailyPapers.Search.Snapshots;

/// <summary>Whose indexes a node needs: a snapshot of another database, layout or model is not used.</summary>
internal sealed record SeedTarget(string Database, string Model, int Dimensions, string KeywordFolder, string VectorFolder, bool Vectors);

/// <summary>
/// Fills a new node's index folders from the latest published snapshot (<see cref="IndexSnapshotPublisher"/>): checks
/// that it is of this database, layouts and model, copies its files into a staging folder while checking each one's
/// size and XXH3 against the manifest, and only then moves them into place (the files that make an index whole,
/// Lucene's <c>segments_N</c> and the vectors' <c>state.json</c>, last). A snapshot that fails any check is not used
/// at all: the node builds from the database as it would without one.
/// </summary>
internal sealed class IndexSnapshotSeeder(string root, ILogger logger, TimeProvider clock)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    /// <summary>True when the folders now hold the snapshot's indexes (the vectors only if <see cref="SeedTarget.Vectors"/>).</summary>
    public bool TrySeed(SeedTarget target, CancellationToken ct)
    {
        (string Folder, IndexSnapshotManifest Manifest)? latest;
        try
        {
            latest = IndexSnapshotFolder.ReadLatest(root);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The index snapshot in {Root} cannot be read ({Reason}); not using it, building the search index from the database", root, e.Message);
            return false;
        }
        if (latest is not { } found)
        {
            logger.LogInformation("No index snapshot in {Root} yet; building the search index from the database", root);
            return false;
        }
        var (folder, manifest) = found;
        if (Refusal(manifest, target) is { } why)
        {
            logger.LogWarning("The index snapshot {Folder} is {Reason}; not using it, building the search index from the database", folder, why);
            return false;
        }
        var files = manifest.Files.Where(f => f.Path.StartsWith("keyword/", StringComparison.Ordinal) || (target.Vectors && f.Path.StartsWith("vectors/", StringComparison.Ordinal))).ToList();
        var staging = Path.Combine(target.KeywordFolder, "seeding-" + Guid.NewGuid().ToString("N"));
        var started = Stopwatch.StartNew();
        try
        {
            if (!CopyChecked(folder, files, staging, ct))
            {
                return false;
            }
            MoveInto(Path.Combine(staging, "keyword"), target.KeywordFolder, isLast: n => n.StartsWith("segments", StringComparison.Ordinal));
            if (target.Vectors)
            {
                MoveVectors(Path.Combine(staging, "vectors"), target.VectorFolder);
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
        var megabytes = files.Sum(f => f.Size) / 1048576.0;
        logger.LogInformation(
            "Seeded the search index from the snapshot {Folder} of {CreatedAt:u}: {Papers} papers{Vectors}, up to change {Seq}; copied and checked {Megabytes:0} MB in {Seconds:0.0} s ({Rate:0} MB/s)",
            folder, manifest.CreatedAt, manifest.Papers, target.Vectors ? $", {manifest.Vectors} vectors" + (manifest.Graph ? " with their graph" : "") : "",
            ChangeCursor.Parse(manifest.PaperPosition).Seq, megabytes, started.Elapsed.TotalSeconds, megabytes / Math.Max(0.001, started.Elapsed.TotalSeconds));
        return true;
    }

    /// <summary>Why a node of <paramref name="target"/> cannot use the snapshot ("of keyword index layout 4, not 5"), or null when it can.</summary>
    internal static string? Refusal(IndexSnapshotManifest m, SeedTarget target) =>
        m.Format != IndexSnapshotManifest.CurrentFormat ? $"of snapshot format {m.Format}, not {IndexSnapshotManifest.CurrentFormat}"
        : m.Database != target.Database ? $"of another database ({m.Database}, this one is {target.Database})"
        : m.KeywordLayout != SearchIndexes.Layout ? $"of keyword index layout {m.KeywordLayout}, not {SearchIndexes.Layout}"
        : m.VectorLayout != VectorFolder.Layout || m.Dimensions != target.Dimensions ? $"of vector layout {m.VectorLayout} ({m.Dimensions} dimensions), not {VectorFolder.Layout} ({target.Dimensions})"
        : m.Model != target.Model ? $"of model {m.Model}, not {target.Model}"
        : m.Files.Any(f => f.Path.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(f.Path)) ? "naming files outside itself"
        : null;

    /// <summary>Copies the files into <paramref name="staging"/>, checking each; false (logged) at the first that does not match.</summary>
    private bool CopyChecked(string folder, List<IndexSnapshotFile> files, string staging, CancellationToken ct)
    {
        var total = files.Sum(f => f.Size);
        long done = 0;
        var lastReport = clock.GetTimestamp();
        logger.LogInformation("Seeding the search index from the snapshot {Folder}: {Files} files, {Megabytes:0} MB", folder, files.Count, total / 1048576.0);
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            var target = Path.Combine(staging, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            (long Size, string Checksum) copied;
            try
            {
                copied = IndexSnapshotFolder.Copy(Path.Combine(folder, file.Path), target, bytes =>
                {
                    done += bytes;
                    if (clock.GetElapsedTime(lastReport) >= ProgressEvery)
                    {
                        lastReport = clock.GetTimestamp();
                        logger.LogInformation("Seeding the search index: {Done:0} of {Total:0} MB copied", done / 1048576.0, total / 1048576.0);
                    }
                });
            }
            catch (IOException e)
            {
                logger.LogWarning("The index snapshot {Folder} is damaged or was removed while it was copied ({File}: {Reason}); not using it, building the search index from the database",
                    folder, file.Path, e.Message);
                return false;
            }
            if (copied.Size != file.Size || copied.Checksum != file.Checksum)
            {
                logger.LogWarning("The index snapshot {Folder} is damaged: {File} has {Size} bytes (checksum {Checksum}), its manifest says {Expected} bytes (checksum {ExpectedChecksum}); not using it, building the search index from the database",
                    folder, file.Path, copied.Size, copied.Checksum, file.Size, file.Checksum);
                return false;
            }
        }
        return true;
    }

    /// <summary>Replaces the files of <paramref name="target"/> (its sub-folders stay) with those of <paramref name="source"/>, the ones <paramref name="isLast"/> names last.</summary>
    private static void MoveInto(string source, string target, Func<string, bool> isLast)
    {
        foreach (var old in Directory.EnumerateFiles(target))
        {
            File.Delete(old);
        }
        var names = Directory.EnumerateFiles(source).Select(Path.GetFileName).OfType<string>().OrderBy(isLast).ToList();
        foreach (var name in names)
        {
            File.Move(Path.Combine(source, name), Path.Combine(target, name));
        }
    }

    /// <summary>The vectors' folder is locked by an index that has it open: hold that lock while its files are replaced.</summary>
    private static void MoveVectors(string source, string target)
    {
        Directory.CreateDirectory(target);
        using var folderLock = VectorFolder.TakeLock(target);
        VectorFolder.Empty(target);
        var names = Directory.EnumerateFiles(source).Select(Path.GetFileName).OfType<string>().OrderBy(n => n == VectorFolder.StateFile).ToList();
        foreach (var name in names)
        {
            File.Move(Path.Combine(source, name), Path.Combine(target, name));
        }
    }
}
