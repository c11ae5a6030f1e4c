using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// Indexes each part of an author's name with its initial beside it, at the same position (<c>yoshua</c> and
/// <c>y</c>, then <c>bengio</c> and <c>b</c>), so that a query's <c>y bengio</c> is two terms within one name.
/// Searching for an initial as the prefix of every name part instead expanded a single letter to tens of thousands
/// of terms at 2.8 M papers (seconds a query: bench/README, issue 16). A part that is a single letter already is
/// its own initial. The initial takes no part in the name's length: BM25 discounts tokens that overlap.
/// </summary>
internal sealed class NameInitialFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _position;
    private State? _part;
    private int _initialLength;

    public NameInitialFilter(TokenStream input) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_part is not null)
        {
            RestoreState(_part);
            _part = null;
            _term.SetLength(_initialLength);
            _position.PositionIncrement = 0;
            return true;
        }
        if (!m_input.IncrementToken())
        {
            return false;
        }
        // A letter outside the Basic Multilingual Plane is two chars.
        var initial = _term.Length >= 2 && char.IsSurrogatePair(_term.Buffer[0], _term.Buffer[1]) ? 2 : 1;
        if (_term.Length > initial)
        {
            _part = CaptureState();
            _initialLength = initial;
        }
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _part = null;
    }
}
