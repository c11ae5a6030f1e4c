using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using Lucene.Net.Store;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// An index folder whose files are read through memory maps by plain reads at a pointer. Lucene.Net's
/// <see cref="MMapDirectory"/> reads through J2N's byte buffers over a <see cref="MemoryMappedViewAccessor"/>, which takes
/// and releases the view's safe handle on every call: at 2.8 million papers 12–15 % of a keyword search's samples went
/// to reading single bytes and variable-length integers that way. Every read here is checked against the file's (or
/// slice's) length. A map is never released while an input of it, or a clone of one, can still be used: it goes with
/// its view's safe handle when the last of them is collected (Lucene closes only the input it opened, never its
/// clones, so closing may not unmap what a clone still reads). A file deleted while mapped (a segment merged away)
/// keeps its disk blocks until then: after <see cref="CollectAfterDeletedBytes"/> of deleted files a background
/// collection is started, so that a long catch-up's merges do not hold gigabytes. Writing is <see cref="FSDirectory"/>'s;
/// the write lock is <see cref="FolderLockFactory"/>'s, which holds across processes.
/// </summary>
internal sealed class MappedDirectory(string path) : FSDirectory(new DirectoryInfo(path), new FolderLockFactory(path))
{
    private long _deletedBytes;

    /// <summary>Bytes of deleted files after which a collection releases the maps no input holds any more.</summary>
    public long CollectAfterDeletedBytes { get; init; } = 1L << 30;

    public override void DeleteFile(string name)
    {
        var file = new FileInfo(Path.Combine(Directory.FullName, name));
        var length = file.Exists ? file.Length : 0;
        base.DeleteFile(name);
        if (Interlocked.Add(ref _deletedBytes, length) >= CollectAfterDeletedBytes)
        {
            Interlocked.Exchange(ref _deletedBytes, 0);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false);
        }
    }

    public override IndexInput OpenInput(string name, IOContext context)
    {
        EnsureOpen();
        var file = Path.Combine(Directory.FullName, name);
        var map = Map.Open(file);
        return new MappedInput($"MappedInput(path=\"{file}\")", map, 0, map.Length);
    }

    /// <summary>A compound file's parts read as slices of its one map.</summary>
    public override IndexInputSlicer CreateSlicer(string name, IOContext context) => new Slicer((MappedInput)OpenInput(name, context));

    private sealed class Slicer(MappedInput whole) : IndexInputSlicer
    {
        public override IndexInput OpenSlice(string sliceDescription, long offset, long length) => whole.Slice(sliceDescription, offset, length);

        [Obsolete("Only for reading compound files of Lucene 3.x indexes.")]
        public override IndexInput OpenFullSlice() => (IndexInput)whole.Clone();

        protected override void Dispose(bool disposing)
        {
            // The slices opened keep the map; the view goes when the last of them is collected.
        }
    }

    /// <summary>One file mapped read-only: its first byte's address and its length (no view for an empty file).</summary>
    private sealed unsafe class Map
    {
        private readonly MemoryMappedViewAccessor? _view; // held so that its handle, and so the map, lives as long as this

        private Map(MemoryMappedViewAccessor? view, byte* start, long length)
        {
            _view = view;
            Start = start;
            Length = length;
        }

        public byte* Start { get; }
        public long Length { get; }

        public static Map Open(string file)
        {
            // The file and its descriptor are closed once the view exists: the view keeps the mapping.
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = stream.Length;
            if (length == 0)
            {
                return new Map(null, null, 0);
            }
            using var mapped = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            var view = mapped.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return new Map(view, (byte*)view.SafeMemoryMappedViewHandle.DangerousGetHandle() + view.PointerOffset, length);
        }
    }

    /// <summary>A file, or a slice of one, read at a position; clones read the same map from a position of their own.</summary>
    private sealed unsafe class MappedInput : IndexInput
    {
        private readonly Map _map;
        private readonly byte* _start;
        private readonly long _length;
        private long _position;

        public MappedInput(string description, Map map, long offset, long length)
            : base(description)
        {
            if (offset < 0 || length < 0 || offset + length > map.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(length), $"slice {offset}+{length} past the end ({map.Length}) of {description}");
            }
            _map = map;
            _start = map.Start + offset;
            _length = length;
        }

        public override long Position => _position;

        public override long Length => _length;

        public MappedInput Slice(string description, long offset, long length) =>
            new($"{this} [slice={description}]", _map, _start - _map.Start + offset, length);

        public override void Seek(long pos)
        {
            if (pos < 0 || pos > _length)
            {
                throw new EndOfStreamException($"seek to {pos} past the end ({_length}) of {this}");
            }
            _position = pos;
        }

        public override byte ReadByte()
        {
            if (_position >= _length)
            {
                throw new EndOfStreamException($"read past the end ({_length}) of {this}");
            }
            var value = _start[_position++];
            GC.KeepAlive(_map);
            return value;
        }

        public override void ReadBytes(byte[] b, int offset, int len)
        {
            Take(len).CopyTo(b.AsSpan(offset, len));
            GC.KeepAlive(_map);
        }

        public override short ReadInt16() => Keeping(BinaryPrimitives.ReadInt16BigEndian(Take(2)));

        public override int ReadInt32() => Keeping(BinaryPrimitives.ReadInt32BigEndian(Take(4)));

        public override long ReadInt64() => Keeping(BinaryPrimitives.ReadInt64BigEndian(Take(8)));

        /// <summary>As Lucene's: seven bits a byte, lowest first, at most five bytes (the fifth holding four bits).</summary>
        public override int ReadVInt32()
        {
            if (_length - _position < 5)
            {
                return base.ReadVInt32(); // near the end: byte by byte, each checked
            }
            var p = _start + _position;
            var b = p[0];
            var value = b & 0x7F;
            var read = 1;
            for (var shift = 7; (b & 0x80) != 0 && read < 5; shift += 7)
            {
                b = p[read++];
                value |= (b & 0x7F) << shift;
            }
            GC.KeepAlive(_map);
            if ((b & 0x80) != 0 || (read == 5 && (b & 0xF0) != 0))
            {
                throw new IOException($"Invalid vInt detected (too many bits) in {this}");
            }
            _position += read;
            return value;
        }

        /// <summary>As Lucene's: seven bits a byte, lowest first, at most nine bytes (never negative).</summary>
        public override long ReadVInt64()
        {
            if (_length - _position < 9)
            {
                return base.ReadVInt64();
            }
            var p = _start + _position;
            var b = p[0];
            long value = b & 0x7F;
            var read = 1;
            for (var shift = 7; (b & 0x80) != 0 && read < 9; shift += 7)
            {
                b = p[read++];
                value |= (long)(b & 0x7F) << shift;
            }
            GC.KeepAlive(_map);
            if ((b & 0x80) != 0)
            {
                throw new IOException($"Invalid vLong detected (negative values disallowed) in {this}");
            }
            _position += read;
            return value;
        }

        protected override void Dispose(bool disposing)
        {
            // Nothing to release here: the map goes when neither this nor any clone of it can be read any more.
        }

        /// <summary>The next <paramref name="count"/> bytes, the position moved past them; a read past the end is refused.</summary>
        private ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || count > _length - _position)
            {
                throw new EndOfStreamException($"read of {count} bytes at {_position} past the end ({_length}) of {this}");
            }
            var bytes = new ReadOnlySpan<byte>(_start + _position, count);
            _position += count;
            return bytes;
        }

        /// <summary><paramref name="value"/>, read from the map: the map is kept until it was read.</summary>
        private T Keeping<T>(T value)
        {
            GC.KeepAlive(_map);
            return value;
        }
    }
}
