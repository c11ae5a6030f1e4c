using System.IO.Hashing;
using System.Text.Json;

namespace DailyPapers.Search.Snapshots;

/// <summary>
/// The folder snapshots are published in (<c>Search:SnapshotPath</c>): one folder per snapshot
/// (<c>snapshot-yyyyMMdd-HHmmss-…/</c> holding <c>manifest.json</c>, <c>keyword/</c> and <c>vectors/</c>), written
/// under a temporary name and renamed whole, and the file <c>latest</c> naming the newest, replaced last. A reader
/// follows <c>latest</c> only, so it never sees a snapshot being written. The last two are kept.
/// </summary>
internal static class IndexSnapshotFolder
{
    public const string Latest = "latest";
    public const string Manifest = "manifest.json";
    public const string Prefix = "snapshot-";
    private const int Kept = 2;

    /// <summary>The newest snapshot's folder and manifest; null when there is none. Throws <see cref="InvalidDataException"/> for a manifest that cannot be read.</summary>
    public static (string Folder, IndexSnapshotManifest Manifest)? ReadLatest(string root)
    {
        var pointer = Path.Combine(root, Latest);
        if (!File.Exists(pointer))
        {
            return null;
        }
        var name = File.ReadAllText(pointer).Trim();
        var folder = Path.Combine(root, name);
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal) || !File.Exists(Path.Combine(folder, Manifest)))
        {
            throw new InvalidDataException($"'{Latest}' names '{name}', which holds no {Manifest}");
        }
        try
        {
            using var stream = File.OpenRead(Path.Combine(folder, Manifest));
            var manifest = JsonSerializer.Deserialize(stream, IndexSnapshotManifestJson.Default.IndexSnapshotManifest)
                ?? throw new InvalidDataException($"{Manifest} is empty");
            return (folder, manifest);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Manifest} cannot be read: {e.Message}", e);
        }
    }

    public static void WriteManifest(string folder, IndexSnapshotManifest manifest)
    {
        using var stream = new FileStream(Path.Combine(folder, Manifest), FileMode.CreateNew, FileAccess.Write);
        JsonSerializer.Serialize(stream, manifest, IndexSnapshotManifestJson.Default.IndexSnapshotManifest);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Makes <paramref name="name"/> (a folder in <paramref name="root"/>, complete) the latest, then deletes all but the newest two.</summary>
    public static void Publish(string root, string name)
    {
        var temporary = Path.Combine(root, Latest + "." + Guid.NewGuid().ToString("N") + ".tmp");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(name + "\n"));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path.Combine(root, Latest), overwrite: true);
        var old = Directory.EnumerateDirectories(root, Prefix + "*")
            .Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.EndsWith(".tmp", StringComparison.Ordinal) && n != name)
            .OrderDescending(StringComparer.Ordinal).Skip(Kept - 1);
        foreach (var folder in old)
        {
            Directory.Delete(Path.Combine(root, folder), recursive: true);
        }
    }

    /// <summary>Copies the files of the vector index saved in <paramref name="source"/> (its state names them) into <paramref name="target"/>.</summary>
    public static void CopySavedVectors(string source, string target)
    {
        var state = Semantic.VectorFolder.ReadState(source) ?? throw new IOException($"The vector index in {source} has no saved state.");
        Directory.CreateDirectory(target);
        var files = new List<string> { Semantic.VectorFolder.RowsFile, Semantic.VectorFolder.SlotsPath(source, state.Generation) };
        if (state.Graph)
        {
            files.Add(Semantic.VectorFolder.GraphPath(source, state.Generation));
        }
        // The state last: it names the others.
        files.Add(Semantic.VectorFolder.StateFile);
        foreach (var file in files.Select(Path.GetFileName).OfType<string>())
        {
            File.Copy(Path.Combine(source, file), Path.Combine(target, file));
        }
    }

    /// <summary>Copies a file, computing its XXH3 on the way; returns its size and checksum.</summary>
    public static (long Size, string Checksum) Copy(string source, string target, Action<long>? progress = null)
    {
        var hash = new XxHash3();
        var buffer = new byte[1 << 20];
        long size = 0;
        using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
        using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
        {
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.Append(buffer.AsSpan(0, read));
                output.Write(buffer, 0, read);
                size += read;
                progress?.Invoke(read);
            }
            output.Flush(flushToDisk: true);
        }
        return (size, Convert.ToHexString(hash.GetCurrentHash()));
    }

    /// <summary>A file's size and XXH3.</summary>
    public static IndexSnapshotFile Describe(string folder, string relative)
    {
        var path = Path.Combine(folder, relative);
        return new IndexSnapshotFile(relative.Replace('\\', '/'), new FileInfo(path).Length, Semantic.VectorFolder.Checksum(path));
    }
}
