using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using System.Reflection;
using Cloud.Unum.USearch;

namespace DailyPapers.Search.Semantic;

public sealed partial class VectorIndex
{
    // Graph parameters: 16 links per node, wide beams; at 100k clustered vectors recall@10 is 1.0 (bench/).
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

    private USearchIndex? _hnsw;
    private List<int>? _changedDuringBuild;
    private bool _building;

    /// <summary>
    /// Candidates the graph proposes per wanted result when its vectors are quantised: they are scored again in
    /// float32 and the best kept (recall against exact search in bench/README.md).
    /// </summary>
    internal int RescoreFactor { get; set; } = 4;

    /// <summary>Whether searches go through the HNSW graph (built once the index reaches its threshold, or loaded).</summary>
    public bool UsesHnsw => Read(() => _hnsw is not null);

    /// <summary>How many times this index built its graph from its vectors (a graph loaded from disk is not built).</summary>
    public int HnswBuilds { get; private set; }

    /// <summary>Builds the graph now, whatever the size (benchmarks); returns when it is in use.</summary>
    public void BuildHnsw()
    {
        _lock.EnterWriteLock();
        try
        {
            if (_hnsw is not null || _building)
            {
                return;
            }
            _building = true;
            _changedDuringBuild = [];
        }
        finally
        {
            _lock.ExitWriteLock();
        }
        BuildHnswCore();
    }

    /// <summary>Under the write lock: starts a background build once the index is big enough.</summary>
    private void MaybeStartHnswBuild()
    {
        if (_hnsw is not null || _building || _visible < _hnswThreshold)
        {
            return;
        }
        _building = true;
        _changedDuringBuild = [];
        // A thread of its own: the build keeps the cores busy for minutes, which the thread pool's request handlers must not wait behind.
        new Thread(BuildHnswCore) { IsBackground = true, Name = "HNSW build", Priority = ThreadPriority.BelowNormal }.Start();
    }

    /// <summary>Under the write lock: a slot's vector (null: its occupant left) changed.</summary>
    private void HnswChanged(int slot, ReadOnlySpan<float> vector)
    {
        _changedDuringBuild?.Add(slot);
        if (_hnsw is not null)
        {
            Apply(_hnsw, slot, vector.IsEmpty ? null : vector.ToArray());
            _graphChanged = true;
        }
    }

    private USearchIndex NewGraph() =>
        new(MetricKind.Cos, Precision switch
        {
            VectorPrecision.F16 => ScalarKind.Float16,
            VectorPrecision.I8 => ScalarKind.Int8,
            _ => ScalarKind.Float32,
        }, (ulong)Dimensions, Connectivity, ExpansionAdd, ExpansionSearch);

    [SuppressMessage("Design", "CA1031", Justification = "A failed build leaves exact search serving; it is logged, never fatal.")]
    private void BuildHnswCore()
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var index = NewGraph();
            // Slots made after this point are in _changedDuringBuild (every Upsert lands there) and are replayed below.
            var reserved = Read(() => _slots.Count);
            var threads = IncreaseCapacity is null ? 1 : Math.Max(1, Environment.ProcessorCount);
            IncreaseCapacity?.Invoke(index, [(ulong)reserved + 1024]);
            // Copy a block at a time under the read lock and add it without the lock: searches and writes go on
            // meanwhile, and only one block is ever copied.
            var added = 0;
            for (var start = 0; start < reserved; start += VectorRows.BlockRows)
            {
                var (keys, vectors) = Read(() => Occupied(start, Math.Min(start + VectorRows.BlockRows, reserved)));
                if (threads == 1)
                {
                    index.Add(keys, vectors);
                }
                else
                {
                    Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                    {
                        for (var i = t; i < keys.Length; i += threads)
                        {
                            index.Add(keys[i], vectors[i]);
                        }
                    });
                }
                added += keys.Length;
            }
            _lock.EnterWriteLock();
            try
            {
                foreach (var slot in _changedDuringBuild!.Distinct())
                {
                    Apply(index, slot, _slots[slot].Id is null ? null : _rows.Read(slot));
                }
                _hnsw = index;
                _changedDuringBuild = null;
                _graphChanged = true;
                HnswBuilds++;
            }
            finally
            {
                _building = false;
                _lock.ExitWriteLock();
            }
            _logger?.LogInformation("Built the HNSW vector index of {Count} papers ({Precision}) in {Seconds:0.0} s on {Threads} threads",
                added, Precision, clock.Elapsed.TotalSeconds, threads);
        }
        catch (Exception e)
        {
            // Exact search keeps serving; a failed build is only slower searches.
            _logger?.LogError(e, "Building the HNSW vector index failed; vector search stays exact");
            _lock.EnterWriteLock();
            _building = false;
            _changedDuringBuild = null;
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Under the read lock: the occupied slots from <paramref name="start"/> to <paramref name="end"/> with copies of their vectors.</summary>
    private (ulong[] Keys, float[][] Vectors) Occupied(int start, int end)
    {
        var keys = new List<ulong>(end - start);
        var vectors = new List<float[]>(end - start);
        _rows.Scan(start, end, (first, rows) =>
        {
            for (var i = 0; i < rows.Length / Dimensions; i++)
            {
                if (_slots[first + i].Id is not null)
                {
                    keys.Add((ulong)(first + i));
                    vectors.Add(rows.Slice(i * Dimensions, Dimensions).ToArray());
                }
            }
        });
        return (keys.ToArray(), vectors.ToArray());
    }

    private static void Apply(USearchIndex index, int slot, float[]? vector)
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

    /// <summary>Under the read lock: the graph's answer, or null to search exactly (no graph, or too few hits after filtering).</summary>
    private List<VectorHit>? HnswSearch(float[] query, int k, SearchFilter filter, string? exclude)
    {
        if (_hnsw is null)
        {
            return null;
        }
        var wanted = k + (exclude is null ? 0 : 1);
        var enough = Math.Min(k, _visible - (exclude is null ? 0 : 1));
        var perWanted = Precision == VectorPrecision.F32 ? 2 : RescoreFactor;
        // A filter drops most of the neighbourhood: look further, twice, before scanning everything.
        foreach (var widen in filter.IsEmpty ? [1] : new[] { 4, 32 })
        {
            var fetch = (int)Math.Min((ulong)(wanted * perWanted * widen), _hnsw.Size());
            var found = _hnsw.Search(query, fetch, out var keys, out var distances);
            var candidates = new List<(int Slot, float Score)>(found);
            for (var i = 0; i < found; i++)
            {
                var slot = (int)keys[i];
                var facts = _slots[slot];
                if (facts.Visible && facts.Id != exclude && (filter.IsEmpty || filter.Allows(facts.Day, facts.Categories)))
                {
                    candidates.Add((slot, 1 - distances[i]));
                }
            }
            if (candidates.Count >= enough)
            {
                return Precision == VectorPrecision.F32 ? Best(candidates, k) : Rescore(query, candidates, k);
            }
        }
        return null;
    }

    /// <summary>The candidates scored again with their float32 vectors, best <paramref name="k"/> first.</summary>
    private List<VectorHit> Rescore(float[] query, List<(int Slot, float Score)> candidates, int k)
    {
        var vector = new float[Dimensions];
        for (var i = 0; i < candidates.Count; i++)
        {
            _rows.Read(candidates[i].Slot, vector);
            candidates[i] = (candidates[i].Slot, TensorPrimitives.Dot(query, vector));
        }
        return Best(candidates, k);
    }

    /// <summary>The graph's size as saved (vectors at its precision and links), 0 without one (benchmarks).</summary>
    internal long GraphBytes() => Read(() =>
    {
        if (_hnsw is null)
        {
            return 0L;
        }
        var path = Path.GetTempFileName();
        try
        {
            _hnsw.Save(path);
            return new FileInfo(path).Length;
        }
        finally
        {
            File.Delete(path);
        }
    });

    private void DisposeHnsw()
    {
        _hnsw?.Dispose();
        _hnsw = null;
    }
}
