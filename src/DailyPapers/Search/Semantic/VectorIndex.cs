using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;

namespace DailyPapers.Search.Semantic;

/// <summary>A paper found by its meaning, with the cosine similarity of its vector to the query's.</summary>
public sealed record VectorHit(string Id, float Score);

/// <summary>
/// Paper vectors in memory, searched exactly (a SIMD dot product with every vector, on all cores) until the
/// index holds <c>hnswThreshold</c> visible papers; from then on through an HNSW graph (USearch, built in the
/// background while exact search goes on serving). Vectors are unit length, so dot product = cosine. Each
/// vector carries its paper's date, categories and visibility, so filters apply here. Thread-safe: searches
/// share a read lock, writes take the write lock.
/// </summary>
public sealed partial class VectorIndex : IDisposable
{
    private const int BlockSlots = 4096;
    private const int ParallelFrom = 16_384;

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly List<float[]> _blocks = [];
    private readonly List<Slot> _slots = [];
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
    private readonly Stack<int> _free = new();
    private readonly int _hnswThreshold;
    private readonly ILogger? _logger;
    private int _visible;
    private int _disposed;

    private record struct Slot(string? Id, int Day, string[] Categories, bool Visible);

    public VectorIndex(int dimensions, int hnswThreshold = int.MaxValue, ILogger? logger = null)
    {
        Dimensions = dimensions;
        _hnswThreshold = hnswThreshold;
        _logger = logger;
    }

    public int Dimensions { get; }

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
            vector.CopyTo(VectorOf(slot));
            _slots[slot] = new Slot(id, publishedDay, categories, visible);
            _visible += visible ? 1 : 0;
            HnswChanged(slot);
            MaybeStartHnswBuild();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Updates the facts of a paper's vector (its date, categories, or hidden state changed); no-op without a vector.</summary>
    public void UpdateFacts(string id, int publishedDay, string[] categories, bool visible)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_byId.TryGetValue(id, out var slot))
            {
                _visible += (visible ? 1 : 0) - (_slots[slot].Visible ? 1 : 0);
                _slots[slot] = new Slot(id, publishedDay, categories, visible);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Remove(string id)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_byId.Remove(id, out var slot))
            {
                _visible -= _slots[slot].Visible ? 1 : 0;
                _slots[slot] = new Slot(null, 0, [], false);
                _free.Push(slot);
                HnswChanged(slot);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>A copy of the paper's vector, or null when it has none.</summary>
    public float[]? GetVector(string id) => Read(() => _byId.TryGetValue(id, out var slot) ? VectorOf(slot).ToArray() : null);

    /// <summary>Cosine similarity of the query to each of these papers that has a vector.</summary>
    public IReadOnlyDictionary<string, float> Score(float[] query, IEnumerable<string> ids) => Read(() =>
    {
        var scores = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (_byId.TryGetValue(id, out var slot) && _slots[slot].Visible)
            {
                scores[id] = TensorPrimitives.Dot(query, VectorOf(slot));
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
        return (IReadOnlyList<(string, int, float[])>)slots.Take(count).Select(s => (_slots[s].Id!, _slots[s].Day, VectorOf(s).ToArray())).ToList();
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

    private List<VectorHit> ExactSearch(float[] query, int k, SearchFilter filter, string? exclude)
    {
        var excludeSlot = exclude is not null && _byId.TryGetValue(exclude, out var s) ? s : -1;
        var count = _slots.Count;
        var parts = count >= ParallelFrom ? Math.Min(Environment.ProcessorCount, 4) : 1;
        var partial = new List<(int Slot, float Score)>[parts];
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            var top = new PriorityQueue<int, float>(k + 1);
            for (var slot = count * p / parts; slot < count * (p + 1) / parts; slot++)
            {
                var facts = _slots[slot];
                if (!facts.Visible || slot == excludeSlot || (!filter.IsEmpty && !filter.Allows(facts.Day, facts.Categories)))
                {
                    continue;
                }
                var score = TensorPrimitives.Dot(query, VectorOf(slot));
                if (top.Count < k)
                {
                    top.Enqueue(slot, score);
                }
                else if (top.TryPeek(out _, out var worst) && score > worst)
                {
                    top.EnqueueDequeue(slot, score);
                }
            }
            partial[p] = top.UnorderedItems.Select(x => (x.Element, x.Priority)).ToList();
        });
        return partial.SelectMany(x => x)
            .OrderByDescending(x => x.Score).ThenBy(x => _slots[x.Slot].Id, StringComparer.Ordinal)
            .Take(k)
            .Select(x => new VectorHit(_slots[x.Slot].Id!, x.Score))
            .ToList();
    }

    private int NewSlot()
    {
        var slot = _slots.Count;
        if (slot / BlockSlots >= _blocks.Count)
        {
            _blocks.Add(new float[BlockSlots * Dimensions]);
        }
        _slots.Add(new Slot(null, 0, [], false));
        return slot;
    }

    private Span<float> VectorOf(int slot) => _blocks[slot / BlockSlots].AsSpan(slot % BlockSlots * Dimensions, Dimensions);

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
        }
        finally
        {
            _lock.ExitWriteLock();
        }
        _lock.Dispose();
    }
}
