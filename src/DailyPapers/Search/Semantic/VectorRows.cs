using System.Buffers;
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
