using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Util;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// How each field is split into terms. The combined field and the stemmed title use Lucene's EnglishAnalyzer
/// (stop words, possessives, Porter stemming): on SciFact it beats the standard analyzer. The exact fields
/// (<see cref="KeywordFields.TitleExact"/>, <see cref="KeywordFields.AllExact"/>) keep every word as written,
/// lower-cased and folded to ASCII, stop words included, so "transformer" is not "transform" and a title can be
/// matched as a phrase. Author names are only lower-cased and folded to ASCII, so "Müller" finds "Muller".
/// </summary>
internal static class SearchAnalyzers
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    public static Analyzer Create() => new PerFieldAnalyzerWrapper(
        new EnglishAnalyzer(Version),
        new Dictionary<string, Analyzer>
        {
            [KeywordFields.Authors] = new FoldingAnalyzer(positionGap: 100),
            [KeywordFields.TitleExact] = new FoldingAnalyzer(positionGap: 0),
            [KeywordFields.AllExact] = new FoldingAnalyzer(positionGap: 100),
        });

    /// <summary>Standard tokens, lower-cased and folded to ASCII; nothing removed, nothing stemmed.</summary>
    private sealed class FoldingAnalyzer(int positionGap) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new StandardTokenizer(Version, reader);
            TokenStream stream = new LowerCaseFilter(Version, tokenizer);
            stream = new ASCIIFoldingFilter(stream);
            return new TokenStreamComponents(tokenizer, stream);
        }

        // Authors are separate values of one field: a phrase must not run from one name into the next.
        public override int GetPositionIncrementGap(string fieldName) => positionGap;
    }
}
