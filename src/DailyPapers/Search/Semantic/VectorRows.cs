using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DailyPapers.Search.Semantic;

/// <summary>
/// The float32 vectors of a <see cref="VectorIndex"/>, one row per slot: in memory, or in a file on the node's
/// local disk read with positioned reads (the kernel's page cache holds what is read often; the process keeps
/// none of it, so 2.8 M vectors cost 4.3 GB of disk rather than of memory). Not thread-safe: the index's lock
/// orders writes against reads.
/// </summary>
internal sealed class VectorRows : IDisposable
{
    /// <summary>Rows read or kept per block: a block is one positioned read when scanning.</summary>
    public const int BlockRows = 4096;

    private readonly int _dimensions;
    private readonly List<float[]>? _blocks;
    private readonly SafeFileHandle? _file;

    private VectorRows(int dimensions, SafeFileHandle? file)
    {
        _dimensions = dimensions;
        _file = file;
        _blocks = file is null ? [] : null;
    }

    public static VectorRows InMemory(int dimensions) => new(dimensions, null);

    /// <summary>Opens (or creates) the file of rows; rows beyond its end read as zeros until written.</summary>
    public static VectorRows OpenFile(string path, int dimensions) =>
        new(dimensions, File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read));

    public bool InFile => _file is not null;

    /// <summary>Rows the file holds whole (for checking a saved index against it).</summary>
    public long StoredRows => _file is null ? _blocks!.Count * (long)BlockRows : RandomAccess.GetLength(_file) / RowBytes;

    private int RowBytes => _dimensions * sizeof(float);

    public void Write(int slot, ReadOnlySpan<float> vector)
    {
        if (_file is null)
        {
            while (slot / BlockRows >= _blocks!.Count)
            {
                _blocks.Add(new float[BlockRows * _dimensions]);
            }
            vector.CopyTo(_blocks[slot / BlockRows].AsSpan(slot % BlockRows * _dimensions, _dimensions));
            return;
        }
        RandomAccess.Write(_file, MemoryMarshal.AsBytes(vector), (long)slot * RowBytes);
    }

    public void Read(int slot, Span<float> vector)
    {
        if (_file is null)
        {
            _blocks![slot / BlockRows].AsSpan(slot % BlockRows * _dimensions, _dimensions).CopyTo(vector);
            return;
        }
        var read = RandomAccess.Read(_file, MemoryMarshal.AsBytes(vector), (long)slot * RowBytes);
        MemoryMarshal.AsBytes(vector)[read..].Clear();
    }

    public float[] Read(int slot)
    {
        var vector = new float[_dimensions];
        Read(slot, vector);
        return vector;
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with consecutive runs of rows from <paramref name="first"/> up to
    /// <paramref name="end"/> (exclusive): the first slot of the run and its rows back to back.
    /// </summary>
    public void Scan(int first, int end, ScanVisitor visit)
    {
        float[]? buffer = null;
        try
        {
            for (var start = first; start < end;)
            {
                var count = Math.Min(end - start, BlockRows - start % BlockRows);
                if (_file is null)
                {
                    visit(start, _blocks![start / BlockRows].AsSpan(start % BlockRows * _dimensions, count * _dimensions));
                }
                else
                {
                    buffer ??= ArrayPool<float>.Shared.Rent(BlockRows * _dimensions);
                    var span = buffer.AsSpan(0, count * _dimensions);
                    var read = RandomAccess.Read(_file, MemoryMarshal.AsBytes(span), (long)start * RowBytes);
                    MemoryMarshal.AsBytes(span)[read..].Clear();
                    visit(start, span);
                }
                start += count;
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// The <paramref name="k"/> rows among the first <paramref name="count"/> that <paramref name="allowed"/> lets
    /// through with the highest dot product with <paramref name="query"/> (unordered): an exact search, on up to 4
    /// cores from 16,384 rows on.
    /// </summary>
    public IEnumerable<(int Slot, float Score)> Top(float[] query, int k, int count, Func<int, bool> allowed)
    {
        var parts = count >= 16_384 ? Math.Min(Environment.ProcessorCount, 4) : 1;
        var partial = new List<(int Slot, float Score)>[parts];
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            var top = new PriorityQueue<int, float>(k + 1);
            Scan(count * p / parts, count * (p + 1) / parts, (first, rows) =>
            {
                for (var i = 0; i < rows.Length / _dimensions; i++)
                {
                    if (!allowed(first + i))
                    {
                        continue;
                    }
                    var score = TensorPrimitives.Dot(query, rows.Slice(i * _dimensions, _dimensions));
                    if (top.Count < k)
                    {
                        top.Enqueue(first + i, score);
                    }
                    else if (top.TryPeek(out _, out var worst) && score > worst)
                    {
                        top.EnqueueDequeue(first + i, score);
                    }
                }
            });
            partial[p] = top.UnorderedItems.Select(x => (x.Element, x.Priority)).ToList();
        });
        return partial.SelectMany(x => x);
    }

    /// <summary>
    /// The first <paramref name="count"/> candidates (a graph gives them nearest first) scored again with their float32
    /// rows (the cosine of unit vectors), in place; the others are left out.
    /// </summary>
    public List<(int Slot, float Score)> Rescore(float[] query, List<(int Slot, float Score)> candidates, int count)
    {
        if (count < candidates.Count)
        {
            candidates.RemoveRange(count, candidates.Count - count);
        }
        var vector = new float[_dimensions];
        for (var i = 0; i < candidates.Count; i++)
        {
            Read(candidates[i].Slot, vector);
            candidates[i] = (candidates[i].Slot, TensorPrimitives.Dot(query, vector));
        }
        return candidates;
    }

    /// <summary>The rows from <paramref name="start"/> to <paramref name="end"/> that <paramref name="occupied"/> names, with copies of their vectors.</summary>
    public (ulong[] Keys, float[][] Vectors) Copy(int start, int end, Func<int, bool> occupied)
    {
        var keys = new List<ulong>(end - start);
        var vectors = new List<float[]>(end - start);
        Scan(start, end, (first, rows) =>
        {
            for (var i = 0; i < rows.Length / _dimensions; i++)
            {
                if (occupied(first + i))
                {
                    keys.Add((ulong)(first + i));
                    vectors.Add(rows.Slice(i * _dimensions, _dimensions).ToArray());
                }
            }
        });
        return (keys.ToArray(), vectors.ToArray());
    }

    public delegate void ScanVisitor(int firstSlot, ReadOnlySpan<float> rows);

    /// <summary>Makes every row written so far durable (before a saved index names them).</summary>
    public void Flush()
    {
        if (_file is not null)
        {
            RandomAccess.FlushToDisk(_file);
        }
    }

    public void Dispose() => _file?.Dispose();
}
