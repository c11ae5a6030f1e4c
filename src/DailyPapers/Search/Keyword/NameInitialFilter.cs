using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// Each part of an author's name as its initial, at the part's position (<c>Yoshua Bengio</c>: <c>y</c>, <c>b</c>):
/// the field <see cref="KeywordFields.AuthorInitials"/>, which a query's <c>y bengio</c> reads beside
/// <see cref="KeywordFields.Authors"/> (<see cref="KeywordQueryBuilder"/>). Searching for an initial as the prefix of
/// every name part instead expanded one letter to tens of thousands of terms at 2.8 M papers (seconds a query:
/// bench/README, issue 16). A field of their own keeps the names' statistics (their average length) as they were.
/// </summary>
internal sealed class NameInitialFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;

    public NameInitialFilter(TokenStream input) : base(input) => _term = AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }
        // A letter outside the Basic Multilingual Plane is two chars.
        _term.SetLength(_term.Length >= 2 && char.IsSurrogatePair(_term.Buffer[0], _term.Buffer[1]) ? 2 : Math.Min(1, _term.Length));
        return true;
    }
}
