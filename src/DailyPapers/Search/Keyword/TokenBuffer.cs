using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// The tokens one analysis chain made of one text, kept so that several fields (and the next chain) can read
/// them without analysing the text again: each token's text, position increment and offsets, and what the
/// chain reported at its end (positions skipped after the last token, the final offset). Reused per thread.
/// </summary>
internal sealed class TokenBuffer
{
    private char[] _chars = new char[4096];
    private int[] _start = new int[512];
    private int[] _length = new int[512];
    private int[] _increment = new int[512];
    private int[] _startOffset = new int[512];
    private int[] _endOffset = new int[512];
    private int _used;

    public int Count { get; private set; }

    /// <summary>The position increment the chain reported at its end (stop words after the last token).</summary>
    public int FinalIncrement { get; private set; }

    /// <summary>The final offset the chain reported at its end (the text's length).</summary>
    public int FinalOffset { get; private set; }

    /// <summary>Reads every token of <paramref name="stream"/> (reset, consumed and ended here, not disposed).</summary>
    public void Fill(TokenStream stream)
    {
        Count = 0;
        _used = 0;
        var term = stream.GetAttribute<ICharTermAttribute>();
        var increment = stream.GetAttribute<IPositionIncrementAttribute>();
        var offset = stream.GetAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            Add(term.Buffer, term.Length, increment.PositionIncrement, offset.StartOffset, offset.EndOffset);
        }
        stream.End();
        FinalIncrement = increment.PositionIncrement;
        FinalOffset = offset.EndOffset;
    }

    private void Add(char[] text, int length, int increment, int startOffset, int endOffset)
    {
        if (Count == _start.Length)
        {
            var size = Count * 2;
            Array.Resize(ref _start, size);
            Array.Resize(ref _length, size);
            Array.Resize(ref _increment, size);
            Array.Resize(ref _startOffset, size);
            Array.Resize(ref _endOffset, size);
        }
        if (_used + length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + length));
        }
        Array.Copy(text, 0, _chars, _used, length);
        _start[Count] = _used;
        _length[Count] = length;
        _increment[Count] = increment;
        _startOffset[Count] = startOffset;
        _endOffset[Count] = endOffset;
        _used += length;
        Count++;
    }

    /// <summary>
    /// Replays one or more buffers as one token stream, as if their texts had been analysed joined by a line break:
    /// positions skipped at the end of one part carry over to the next part's first token, and each part's offsets
    /// move by the length of the parts before it (plus one for the line break).
    /// </summary>
    public sealed class Replay : TokenStream
    {
        private readonly ICharTermAttribute _term;
        private readonly IPositionIncrementAttribute _increment;
        private readonly IOffsetAttribute _offset;
        private TokenBuffer[] _parts = [];
        private int _part;
        private int _token;
        private int _carry;
        private int _base;

        public Replay()
        {
            _term = AddAttribute<ICharTermAttribute>();
            _increment = AddAttribute<IPositionIncrementAttribute>();
            _offset = AddAttribute<IOffsetAttribute>();
        }

        /// <summary>Replays <paramref name="parts"/> from the next <see cref="Reset"/> on.</summary>
        public Replay Of(params TokenBuffer[] parts)
        {
            _parts = parts;
            return this;
        }

        public override void Reset()
        {
            base.Reset();
            (_part, _token, _carry, _base) = (0, 0, 0, 0);
        }

        public override bool IncrementToken()
        {
            while (_part < _parts.Length && _token == _parts[_part].Count)
            {
                // The part is done: what it skipped at its end counts before the next part's first token.
                _carry += _parts[_part].FinalIncrement;
                _base += _parts[_part].FinalOffset + 1;
                (_part, _token) = (_part + 1, 0);
            }
            if (_part == _parts.Length)
            {
                return false;
            }
            ClearAttributes();
            var buffer = _parts[_part];
            var i = _token++;
            _term.CopyBuffer(buffer._chars, buffer._start[i], buffer._length[i]);
            _increment.PositionIncrement = buffer._increment[i] + _carry;
            _carry = 0;
            _offset.SetOffset(_base + buffer._startOffset[i], _base + buffer._endOffset[i]);
            return true;
        }

        public override void End()
        {
            base.End();
            // Only reached after the last part: _carry holds what every part after the last token skipped.
            _increment.PositionIncrement = _carry;
            var end = _parts.Length == 0 ? 0 : _base - 1;
            _offset.SetOffset(end, end);
        }
    }
}
