using System.Reflection;
using Cloud.Unum.USearch;

namespace DailyPapers.Search.Semantic;

/// <summary>The USearch HNSW graph of a <see cref="VectorIndex"/>: made, filled on all cores, changed, measured, saved and loaded.</summary>
internal static class HnswGraph
{
    // Graph parameters: 16 links per node, wide beams; recall@10 against exact search in bench/README.md.
    private const ulong Connectivity = 16;
    private const ulong ExpansionAdd = 128;
    private const ulong ExpansionSearch = 256;

    /// <summary>
    /// USearch's binding reserves room one batch at a time and does so inside every Add, so adds can only run in
    /// parallel once the room for all of them is reserved: its private IncreaseCapacity does that (null if a later
    /// version renames it; the build then adds on one thread).
    /// </summary>
    private static readonly MethodInfo? IncreaseCapacity =
        typeof(USearchIndex).GetMethod("IncreaseCapacity", BindingFlags.NonPublic | BindingFlags.Instance, [typeof(ulong)]);

    /// <summary>Threads a build adds on.</summary>
    public static int BuildThreads => IncreaseCapacity is null ? 1 : Math.Max(1, Environment.ProcessorCount);

    /// <summary>An empty graph holding its vectors at <paramref name="precision"/>, with room for <paramref name="capacity"/> of them.</summary>
    public static USearchIndex Create(VectorPrecision precision, int dimensions, int capacity)
    {
        var index = new USearchIndex(MetricKind.Cos, precision switch
        {
            VectorPrecision.F16 => ScalarKind.Float16,
            VectorPrecision.I8 => ScalarKind.Int8,
            _ => ScalarKind.Float32,
        }, (ulong)dimensions, Connectivity, ExpansionAdd, ExpansionSearch);
        IncreaseCapacity?.Invoke(index, [(ulong)capacity + 1024]);
        return index;
    }

    /// <summary>Adds a block of vectors on <see cref="BuildThreads"/> threads (the room was reserved by <see cref="Create"/>).</summary>
    public static void AddBlock(USearchIndex index, ulong[] keys, float[][] vectors)
    {
        var threads = BuildThreads;
        if (threads == 1)
        {
            index.Add(keys, vectors);
            return;
        }
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (var i = t; i < keys.Length; i += threads)
            {
                index.Add(keys[i], vectors[i]);
            }
        });
    }

    /// <summary>Puts a slot's vector in the graph, replacing the one it had (null: the slot left the graph).</summary>
    public static void Apply(USearchIndex index, int slot, float[]? vector)
    {
        if (index.Contains((ulong)slot))
        {
            index.Remove((ulong)slot);
        }
        if (vector is null)
        {
            return;
        }
        // The binding's single Add reserves room for exactly one more vector, which copies the graph's node table
        // each time it is full (milliseconds at millions of vectors): reserve an eighth more at once instead.
        if (IncreaseCapacity is not null && index.Capacity() <= index.Size())
        {
            IncreaseCapacity.Invoke(index, [Math.Max(1024, index.Size() / 8)]);
        }
        index.Add((ulong)slot, vector);
    }

    /// <summary>Saves the graph and flushes the file to disk.</summary>
    public static void Save(USearchIndex index, string path)
    {
        index.Save(path);
        using var graph = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        graph.Flush(flushToDisk: true);
    }

    /// <summary>The graph saved in <paramref name="path"/> if the file is whole and the graph the one saved; else null, with a log line saying why.</summary>
    public static USearchIndex? Load(string path, string checksum, long size, int dimensions, ILogger? logger)
    {
        if (!File.Exists(path) || VectorFolder.Checksum(path) != checksum)
        {
            logger?.LogWarning("The saved HNSW graph {Path} is missing or fails its checksum (truncated, damaged or not this index's); building it again from the vectors", path);
            return null;
        }
        USearchIndex? index = null;
        try
        {
            index = new USearchIndex(path);
            if (index.Size() == (ulong)size && index.Dimensions() == (ulong)dimensions)
            {
                return index;
            }
            logger?.LogWarning("The saved HNSW graph {Path} holds {Size} vectors instead of {Expected}; building it again from the vectors", path, index.Size(), size);
        }
        catch (USearchException e)
        {
            logger?.LogWarning(e, "The saved HNSW graph {Path} cannot be read; building it again from the vectors", path);
        }
        index?.Dispose();
        return null;
    }

    /// <summary>The graph's size as saved (vectors at its precision and links).</summary>
    public static long Bytes(USearchIndex index)
    {
        var path = Path.GetTempFileName();
        try
        {
            index.Save(path);
            return new FileInfo(path).Length;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
