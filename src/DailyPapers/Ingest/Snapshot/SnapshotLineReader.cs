namespace DailyPapers.Ingest.Snapshot;

/// <summary>One line of a JSON-lines file as raw UTF-8, valid until the next read.</summary>
public readonly ref struct SnapshotRawLine
{
    public SnapshotRawLine(long number, ReadOnlySpan<byte> bytes, long length, bool tooLong)
    {
        Number = number;
        Bytes = bytes;
        Length = length;
        TooLong = tooLong;
    }

    /// <summary>1-based line number in the file.</summary>
    public long Number { get; }

    /// <summary>The line without its line ending (and without a leading BOM); empty when <see cref="TooLong"/>.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>The line's length in bytes, also when it was too long to keep.</summary>
    public long Length { get; }

    public bool TooLong { get; }
}

/// <summary>
/// Splits a stream into lines on '\n' without decoding it, so a multi-gigabyte file streams through a fixed
/// buffer and each line's exact bytes reach the parser (invalid UTF-8 is the parser's to report, not replaced
/// here). A line longer than the cap is reported as too long and skipped up to its newline without being
/// held in memory. CRLF endings, a UTF-8 BOM at the start of the file and a last line without newline are
/// accepted. The caller owns the stream.
/// </summary>
public sealed class SnapshotLineReader
{
    /// <summary>Real snapshot lines are a few kilobytes; a megabyte is far beyond any genuine record.</summary>
    public const int DefaultMaxLineBytes = 1 << 20;

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _atFileStart;

    /// <param name="stream">The file, positioned at the start of a line.</param>
    /// <param name="firstLineNumber">The number of the line the stream is positioned at.</param>
    /// <param name="maxLineBytes">Longer lines are reported as too long and skipped.</param>
    public SnapshotLineReader(Stream stream, long firstLineNumber = 1, int maxLineBytes = DefaultMaxLineBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstLineNumber, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 16);
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        // Room for one maximal line plus a large read, so reads stay big and copies rare.
        _buffer = new byte[maxLineBytes + Math.Max(maxLineBytes, 1 << 16)];
        NextLineNumber = firstLineNumber;
        _atFileStart = firstLineNumber == 1;
        Position = stream.CanSeek ? stream.Position : 0;
    }

    /// <summary>The number the next line will have.</summary>
    public long NextLineNumber { get; private set; }

    /// <summary>The byte offset in the stream just after the last line returned (where the next one starts).</summary>
    public long Position { get; private set; }

    /// <summary>Reads the next line; false at the end of the stream.</summary>
    public bool TryRead(out SnapshotRawLine line)
    {
        var scanFrom = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = scanFrom + newline;
                line = Take(_start, lineEnd - _start, lineEnd + 1);
                return true;
            }
            if (_end - _start > _maxLineBytes)
            {
                line = SkipLongLine();
                return true;
            }
            if (_eof)
            {
                if (_start == _end)
                {
                    line = default;
                    return false;
                }
                line = Take(_start, _end - _start, _end);
                return true;
            }
            scanFrom = _end - _start;
            Fill();
            scanFrom += _start;
        }
    }

    private SnapshotRawLine Take(int start, int length, int next)
    {
        var consumed = next - start;
        var bytes = _buffer.AsSpan(start, length);
        if (_atFileStart)
        {
            _atFileStart = false;
            if (bytes.StartsWith(Bom))
            {
                bytes = bytes[Bom.Length..];
            }
        }
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }
        _start = next;
        Position += consumed;
        var number = NextLineNumber++;
        return bytes.Length > _maxLineBytes
            ? new SnapshotRawLine(number, default, bytes.Length, tooLong: true)
            : new SnapshotRawLine(number, bytes, bytes.Length, tooLong: false);
    }

    /// <summary>Drops bytes up to and including the next newline, counting them, with nothing kept.</summary>
    private SnapshotRawLine SkipLongLine()
    {
        _atFileStart = false;
        long length = 0;
        var endsWithCr = false;
        while (true)
        {
            var chunk = _buffer.AsSpan(_start, _end - _start);
            var newline = chunk.IndexOf((byte)'\n');
            var content = newline >= 0 ? chunk[..newline] : chunk;
            if (content.Length > 0)
            {
                endsWithCr = content[^1] == (byte)'\r';
            }
            length += content.Length;
            var consumed = newline >= 0 ? newline + 1 : chunk.Length;
            Position += consumed;
            _start += consumed;
            if (newline >= 0 || _eof)
            {
                break;
            }
            Fill();
        }
        // Counted like a kept line: without its line ending.
        return new SnapshotRawLine(NextLineNumber++, default, endsWithCr ? length - 1 : length, tooLong: true);
    }

    /// <summary>Moves the unread bytes to the front and reads as much as fits after them.</summary>
    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }
        _end += read;
    }
}
