using System.Diagnostics;

namespace DailyPapers.Search;

/// <summary>
/// Reads a node's index files once from start to end on a thread of its own, so that the kernel's page cache holds
/// them. Searches read these files a few pages at a time at random places: the keyword index's terms, postings,
/// norms and positions for every query's words, and a few hundred rows of the float32 vectors for every hybrid search
/// (the graph's nearest candidates scored again). After a restart with a cold cache each of those reads waits for the
/// disk, and searches alone take thousands of queries to bring the files in; read in order they come in at the disk's
/// full speed (6.5 GB at 2.8 M papers in seconds), and searches are as fast as a warm node's from then on.
/// </summary>
internal static class PageCacheWarmup
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>
    /// Lucene's files a search reads at every query: terms (<c>tip</c>, <c>tim</c>), norms, postings, positions, and small
    /// segments' compound files. Offsets (<c>pay</c>) and doc values serve highlighting and a page's hits, not the ranking.
    /// </summary>
    private static readonly string[] KeywordExtensions = [".tip", ".tim", ".nvd", ".doc", ".pos", ".cfs"];

    /// <summary>The files of a keyword index folder that every search reads, in the order worth reading them.</summary>
    public static IReadOnlyList<string> KeywordFiles(string folder) => Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder)
            .Where(f => Array.IndexOf(KeywordExtensions, Path.GetExtension(f)) >= 0)
            .OrderBy(f => Array.IndexOf(KeywordExtensions, Path.GetExtension(f))).ThenBy(f => f, StringComparer.Ordinal)
            .ToList()
        : [];

    /// <summary>
    /// Starts reading <paramref name="paths"/> one after the other in the background, as many as four fifths of the
    /// memory available now hold (<see cref="AvailableMemory"/>); the task's result is the bytes read when they are read
    /// or <paramref name="ct"/> stops it. A file that cannot be read is logged and skipped.
    /// </summary>
    public static Task<long> Start(IReadOnlyList<string> paths, ILogger logger, CancellationToken ct) => Start(paths, logger, AvailableMemory(), ct);

    /// <summary>As <see cref="Start(IReadOnlyList{string}, ILogger, CancellationToken)"/> with <paramref name="memory"/> as the memory available (null: no limit).</summary>
    internal static Task<long> Start(IReadOnlyList<string> paths, ILogger logger, long? memory, CancellationToken ct) =>
        Task.Factory.StartNew(() => Run(paths, logger, memory, ct), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Reads the file to its end, or until <paramref name="ct"/> is cancelled; returns the bytes read.</summary>
    internal static long Read(string path, CancellationToken ct)
    {
        // Shared with the index's own handles (the vectors' file is written while this reads).
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        var buffer = GC.AllocateUninitializedArray<byte>(ChunkBytes);
        var offset = 0L;
        while (!ct.IsCancellationRequested && RandomAccess.Read(file, buffer, offset) is var read and > 0)
        {
            offset += read;
        }
        return offset;
    }

    /// <summary>
    /// The memory the kernel could give the page cache now (<c>MemAvailable</c>), or null where it does not say: files past
    /// what it can hold would only push out the ones read before them.
    /// </summary>
    internal static long? AvailableMemory()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static long Run(IReadOnlyList<string> paths, ILogger logger, long? memory, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var (bytes, files) = (0L, 0);
        var room = memory * 4 / 5;
        foreach (var path in paths)
        {
            if (room is not null && new FileInfo(path) is { Exists: true } file && bytes + file.Length > room)
            {
                logger.LogInformation("Left {File} and the files after it to searches: the page cache cannot hold them beside the {MB:N0} MB read", path, bytes / 1e6);
                break;
            }
            try
            {
                bytes += Read(path, ct);
                files++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A segment merged away since the list was made is not an error worth more than a line.
                logger.LogWarning("Could not read {File} into the page cache ({Error}); searches read it from the disk as they need it", path, e.Message);
            }
        }
        if (!ct.IsCancellationRequested)
        {
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            logger.LogInformation("Read {Files} index files into the page cache: {MB:N0} MB in {Seconds:F1} s ({Rate:N0} MB/s)",
                files, bytes / 1e6, seconds, bytes / 1e6 / Math.Max(seconds, 1e-3));
        }
        return bytes;
    }
}
