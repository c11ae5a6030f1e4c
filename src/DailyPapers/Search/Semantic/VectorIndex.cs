using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;

namespace DailyPapers.Search.Semantic;

/// <summary>A paper found by its meaning, with the cosine similarity of its vector to the query's.</summary>
public sealed record VectorHit(string Id, float Score);

/// <summary>
/// Paper vectors, searched exactly (a SIMD dot product with every vector, on all cores) until the index holds
/// <c>hnswThreshold</c> visible papers; from then on through an HNSW graph (USearch, built in the background while
/// exact search goes on serving) whose candidates are scored again in float32. Vectors are unit length, so dot
/// product = cosine. The float32 vectors live in memory, or for a node in a file on its local disk
/// (<see cref="OpenFolder"/>), which is saved with the graph and read back at start. Each vector carries its
/// paper's date, categories and visibility, so filters apply here. Thread-safe: searches share a read lock,
/// writes take the write lock.
/// </summary>
public sealed partial class VectorIndex : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly VectorRows _rows;
    private readonly List<Slot> _slots = [];
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
    private readonly Stack<int> _free = new();
    private readonly CategorySets _categorySets = new();
    private readonly int _hnswThreshold;
    private readonly ILogger? _logger;
    private int _visible;
    private int _disposed;
    private long _version;

    private record struct Slot(string? Id, int Day, string[] Categories, bool Visible);

    /// <summary>An index in memory (evaluations, benchmarks, tests).</summary>
    public VectorIndex(int dimensions, int hnswThreshold = int.MaxValue, ILogger? logger = null, VectorPrecision precision = VectorPrecision.F32)
        : this(dimensions, hnswThreshold, logger, precision, VectorRows.InMemory(dimensions), folder: null)
    {
    }

    private VectorIndex(int dimensions, int hnswThreshold, ILogger? logger, VectorPrecision precision, VectorRows rows, string? folder)
    {
        Dimensions = dimensions;
        Precision = precision;
        _hnswThreshold = hnswThreshold;
        _logger = logger;
        _rows = rows;
        _folder = folder;
    }

    public int Dimensions { get; }

    /// <summary>How the graph holds its vectors (its candidates are scored again in float32 unless that is <see cref="VectorPrecision.F32"/>).</summary>
    public VectorPrecision Precision { get; }

    /// <summary>Moves on every change searches could see (a vector, a paper's facts, the HNSW graph taking over): equal versions give equal results.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Vectors of papers that searches can return.</summary>
    public int VisibleCount => Read(() => _visible);

    /// <summary>Adds or replaces a paper's vector with its facts.</summary>
    public void Upsert(string id, ReadOnlySpan<float> vector, int publishedDay, string[] categories, bool visible)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"Expected {Dimensions} dimensions, got {vector.Length}.", nameof(vector));
        }
        _lock.EnterWriteLock();
        try
        {
            if (!_byId.TryGetValue(id, out var slot))
            {
                slot = _free.Count > 0 ? _free.Pop() : NewSlot();
                _byId[id] = slot;
            }
            else if (_slots[slot].Visible)
            {
                _visible--;
            }
            _rows.Write(slot, vector);
            _slots[slot] = new Slot(id, publishedDay, _categorySets.Intern(categories), visible);
            _visible += visible ? 1 : 0;
            HnswChanged(slot, vector);
            MaybeStartHnswBuild();
            Changed();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Updates the facts of a paper's vector (its date, categories, or hidden state changed); no-op without a vector.</summary>
    public void UpdateFacts(string id, int publishedDay, string[] categories, bool visible) => Write(() =>
    {
        if (_byId.TryGetValue(id, out var slot))
        {
            var old = _slots[slot];
            var updated = new Slot(id, publishedDay, _categorySets.Intern(categories), visible);
            if (old.Day != updated.Day || old.Visible != updated.Visible || !ReferenceEquals(old.Categories, updated.Categories))
            {
                _visible += (visible ? 1 : 0) - (old.Visible ? 1 : 0);
                _slots[slot] = updated;
                Changed();
            }
        }
    });

    public void Remove(string id) => Write(() =>
    {
        if (_byId.Remove(id, out var slot))
        {
            _visible -= _slots[slot].Visible ? 1 : 0;
            _slots[slot] = new Slot(null, 0, [], false);
            Freed(slot);
            HnswChanged(slot, null);
            Changed();
        }
    });

    /// <summary>A copy of the paper's vector, or null when it has none.</summary>
    public float[]? GetVector(string id) => Read(() => _byId.TryGetValue(id, out var slot) ? _rows.Read(slot) : null);

    /// <summary>Cosine similarity of the query to each of these papers that has a vector.</summary>
    public IReadOnlyDictionary<string, float> Score(float[] query, IEnumerable<string> ids) => Read(() =>
    {
        var scores = new Dictionary<string, float>(StringComparer.Ordinal);
        var vector = new float[Dimensions];
        foreach (var id in ids)
        {
            if (_byId.TryGetValue(id, out var slot) && _slots[slot].Visible)
            {
                _rows.Read(slot, vector);
                scores[id] = TensorPrimitives.Dot(query, vector);
            }
        }
        return scores;
    });

    /// <summary>
    /// Up to <paramref name="count"/> visible vectors picked at random (the same ones for the same seed and contents):
    /// the "typical paper" that a reader's personal model learns to tell their papers from.
    /// </summary>
    [SuppressMessage("Security", "CA5394", Justification = "A seeded sample must repeat for the same seed; nothing secret comes of it.")]
    public IReadOnlyList<(string Id, int Day, float[] Vector)> Sample(int count, int seed) => Read(() =>
    {
        var slots = Enumerable.Range(0, _slots.Count).Where(s => _slots[s].Visible).ToArray();
        new Random(seed).Shuffle(slots);
        return (IReadOnlyList<(string, int, float[])>)slots.Take(count).Select(s => (_slots[s].Id!, _slots[s].Day, _rows.Read(s))).ToList();
    });

    /// <summary>The <paramref name="k"/> visible papers most similar to <paramref name="query"/> within the filter, best first.</summary>
    public IReadOnlyList<VectorHit> Search(float[] query, int k, SearchFilter filter, string? exclude = null)
    {
        if (k <= 0 || query.Length != Dimensions)
        {
            return [];
        }
        return Read(() => HnswSearch(query, k, filter, exclude) ?? ExactSearch(query, k, filter, exclude));
    }

    /// <summary>The exact answer, scanning every vector (benchmarks measure the graph's recall against it).</summary>
    public IReadOnlyList<VectorHit> SearchExact(float[] query, int k, SearchFilter filter) =>
        k <= 0 || query.Length != Dimensions ? [] : Read(() => ExactSearch(query, k, filter, exclude: null));

    private List<VectorHit> ExactSearch(float[] query, int k, SearchFilter filter, string? exclude)
    {
        var excludeSlot = exclude is not null && _byId.TryGetValue(exclude, out var s) ? s : -1;
        var scored = _rows.Top(query, k, _slots.Count, slot =>
        {
            var facts = _slots[slot];
            return facts.Visible && slot != excludeSlot && (filter.IsEmpty || filter.Allows(facts.Day, facts.Categories));
        });
        return Best(scored, k);
    }

    /// <summary>The best <paramref name="k"/> of scored slots, ties by id so that equal scores always come in one order.</summary>
    private List<VectorHit> Best(IEnumerable<(int Slot, float Score)> scored, int k) =>
        scored.OrderByDescending(x => x.Score).ThenBy(x => _slots[x.Slot].Id, StringComparer.Ordinal)
            .Take(k)
            .Select(x => new VectorHit(_slots[x.Slot].Id!, x.Score))
            .ToList();

    private int NewSlot()
    {
        _slots.Add(new Slot(null, 0, [], false));
        return _slots.Count - 1;
    }

    private void Write(Action write)
    {
        _lock.EnterWriteLock();
        try
        {
            write();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _lock.EnterWriteLock();
        try
        {
            DisposeHnsw();
            _rows.Dispose();
            _folderLock?.Dispose();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
        // The lock itself is left to the collector: the graph's build thread may be waiting on it right now (it stops at
        // its next block), and disposing a lock with waiters throws.
    }
}
