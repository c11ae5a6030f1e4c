using System.Diagnostics.CodeAnalysis;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// How each field is split into terms. Every field starts from Lucene's standard tokens; the combined field and
/// the stemmed title then take <see cref="Stemmed"/> (Lucene's EnglishAnalyzer: possessives, lower
/// case, stop words, Porter stemming; on SciFact it beats the standard analyzer). The exact fields
/// (<see cref="KeywordFields.TitleExact"/>, <see cref="KeywordFields.AllExact"/>) take <see cref="Exact"/>: every
/// word as written, lower-cased and folded to ASCII, stop words included, only plurals made singular
/// ("transformers" is "transformer", but not "transform"), so a title can be matched as a phrase. Author names are
/// only lower-cased and folded to ASCII, so "Müller" finds "Muller", and their parts' initials have a field of their
/// own (<see cref="NameInitialFilter"/>). Documents are analysed by
/// <see cref="DocumentAnalysis"/> (each text tokenised once); queries by <see cref="Create"/>'s analyzers.
/// </summary>
[SuppressMessage("Reliability", "CA2000", Justification = "Lucene owns what an analyzer is made of: the wrapper disposes its analyzers, TokenStreamComponents its tokenizer chain.")]
internal static class SearchAnalyzers
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private static readonly CharArraySet StopWords = EnglishAnalyzer.DefaultStopSet;

    public static Analyzer Create() => new PerFieldAnalyzerWrapper(
        new ChainAnalyzer(Stemmed, positionGap: 0),
        new Dictionary<string, Analyzer>
        {
            [KeywordFields.Authors] = new ChainAnalyzer(words => Exact(words, singular: false), positionGap: 100),
            [KeywordFields.AuthorInitials] = new ChainAnalyzer(words => new NameInitialFilter(Exact(words, singular: false)), positionGap: 100),
            [KeywordFields.TitleExact] = new ChainAnalyzer(words => Exact(words, singular: true), positionGap: 0),
            [KeywordFields.AllExact] = new ChainAnalyzer(words => Exact(words, singular: true), positionGap: 100),
        });

    /// <summary>EnglishAnalyzer's chain over standard tokens: possessives dropped, lower case, stop words removed, Porter stems.</summary>
    public static TokenStream Stemmed(TokenStream words)
    {
        TokenStream stream = new StandardFilter(Version, words);
        stream = new EnglishPossessiveFilter(Version, stream);
        stream = new LowerCaseFilter(Version, stream);
        stream = new StopFilter(Version, stream, StopWords);
        return new PorterStemFilter(stream);
    }

    /// <summary>Standard tokens lower-cased and folded to ASCII; nothing removed; plurals made singular when asked.</summary>
    public static TokenStream Exact(TokenStream words, bool singular)
    {
        TokenStream stream = new LowerCaseFilter(Version, words);
        stream = new ASCIIFoldingFilter(stream);
        return singular ? new EnglishMinimalStemFilter(stream) : stream;
    }

    /// <summary>A chain over Lucene's standard tokenizer.</summary>
    private sealed class ChainAnalyzer(Func<TokenStream, TokenStream> chain, int positionGap) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new StandardTokenizer(Version, reader);
            return new TokenStreamComponents(tokenizer, chain(tokenizer));
        }

        // Authors are separate values of one field: a phrase must not run from one name into the next.
        public override int GetPositionIncrementGap(string fieldName) => positionGap;
    }
}
