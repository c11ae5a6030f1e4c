using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Cloud.Unum.USearch;

namespace DailyPapers.Search.Semantic;

public sealed partial class VectorIndex
{
    private readonly HnswSearches _hnswSearches = new();
    private USearchIndex? _hnsw;
    private List<int>? _changedDuringBuild;
    private bool _building;
    private bool _graphDeferred;

    /// <summary>Candidates the graph proposes per wanted result when its vectors are quantised; I8's are all scored again in float32 (bench/README.md).</summary>
    internal int RescoreFactor { get; set; } = 4;

    /// <summary>F16's candidates scored again per wanted result, the graph's nearest first: half precision is off by a thousandth, so theirs is the order of all.</summary>
    internal int F16Rescored { get; set; } = 2;

    /// <summary>Whether searches go through the HNSW graph (built once the index reaches its threshold, or loaded).</summary>
    public bool UsesHnsw => Read(() => _hnsw is not null);

    /// <summary>True while the HNSW graph is being built (a snapshot taken now would have no graph).</summary>
    public bool BuildingHnsw => Read(() => _building);

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

    /// <summary>
    /// Holds the graph's build back while a backlog of vectors comes in (<c>true</c>: a new node's catch-up, a bulk
    /// import) and starts it when the backlog is in (<c>false</c>). Built at the threshold, each later vector of the
    /// backlog would go into the graph one at a time (~1 ms each: most of an hour at 2.8 M); after, on every core.
    /// </summary>
    public void DeferGraphBuild(bool defer) => Write(() =>
    {
        _graphDeferred = defer;
        MaybeStartHnswBuild();
    });

    /// <summary>Under the write lock: starts a background build once the index is big enough.</summary>
    private void MaybeStartHnswBuild()
    {
        if (_hnsw is not null || _building || _graphDeferred || _visible < _hnswThreshold)
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
            HnswGraph.Apply(_hnsw, slot, vector.IsEmpty ? null : vector.ToArray());
            _graphChanged = true;
        }
    }

    [SuppressMessage("Design", "CA1031", Justification = "A failed build leaves exact search serving; it is logged, never fatal.")]
    private void BuildHnswCore()
    {
        var clock = Stopwatch.StartNew();
        USearchIndex? index = null;
        try
        {
            // Slots made after this point are in _changedDuringBuild (every Upsert lands there) and are replayed below.
            var reserved = Read(() => _slots.Count);
            index = HnswGraph.Create(Precision, Dimensions, reserved);
            // Copy a block at a time under the read lock and add it without the lock: searches and writes go on
            // meanwhile, and only one block is ever copied.
            var added = 0;
            for (var start = 0; start < reserved; start += VectorRows.BlockRows)
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this); // a node stopping: nothing to build for
                var (keys, vectors) = Read(() => _rows.Copy(start, Math.Min(start + VectorRows.BlockRows, reserved), slot => _slots[slot].Id is not null));
                HnswGraph.AddBlock(index, keys, vectors);
                added += keys.Length;
            }
            _lock.EnterWriteLock();
            try
            {
                foreach (var slot in _changedDuringBuild!.Distinct())
                {
                    HnswGraph.Apply(index, slot, _slots[slot].Id is null ? null : _rows.Read(slot));
                }
                _hnsw = index;
                _changedDuringBuild = null;
                _graphChanged = true;
                HnswBuilds++;
                Interlocked.Increment(ref _version);
            }
            finally
            {
                _building = false;
                _lock.ExitWriteLock();
            }
            _logger?.LogInformation("Built the HNSW vector index of {Count} papers ({Precision}) in {Seconds:0.0} s on {Threads} threads",
                added, Precision, clock.Elapsed.TotalSeconds, HnswGraph.BuildThreads);
        }
        catch (Exception) when (Volatile.Read(ref _disposed) == 1)
        {
            // Disposed while the graph was being built (its lock and rows gone, a node stopping): nothing to keep or log.
            (ReferenceEquals(index, _hnsw) ? null : index)?.Dispose();
        }
        catch (Exception e)
        {
            // Exact search keeps serving; a failed build is only slower searches.
            _logger?.LogError(e, "Building the HNSW vector index failed; vector search stays exact");
            Write(() => (_building, _changedDuringBuild) = (false, null));
        }
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
            var found = _hnswSearches.Search(_hnsw, query, fetch, out var keys, out var distances);
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
                return Best(Precision == VectorPrecision.F32 ? candidates : _rows.Rescore(query, candidates, Precision == VectorPrecision.F16 ? wanted * F16Rescored : candidates.Count), k);
            }
        }
        return null;
    }

    /// <summary>The graph's size as saved (vectors at its precision and links), 0 without one (benchmarks).</summary>
    internal long GraphBytes() => Read(() => _hnsw is null ? 0L : HnswGraph.Bytes(_hnsw));

    private void DisposeHnsw()
    {
        _hnsw?.Dispose();
        _hnsw = null;
        _hnswSearches.Dispose();
    }
}
