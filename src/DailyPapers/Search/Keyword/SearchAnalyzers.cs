using System.Diagnostics.CodeAnalysis;
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
/// lower-cased and folded to ASCII, stop words included, only plurals made singular ("transformers" is
/// "transformer", but not "transform"), so a title can be matched as a phrase. Author names are only lower-cased and folded to ASCII, so "Müller" finds "Muller".
/// </summary>
[SuppressMessage("Reliability", "CA2000", Justification = "Lucene owns what an analyzer is made of: the wrapper disposes its analyzers, TokenStreamComponents its tokenizer chain.")]
internal static class SearchAnalyzers
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    public static Analyzer Create() => new PerFieldAnalyzerWrapper(
        new EnglishAnalyzer(Version),
        new Dictionary<string, Analyzer>
        {
            [KeywordFields.Authors] = new FoldingAnalyzer(positionGap: 100, singular: false),
            [KeywordFields.TitleExact] = new FoldingAnalyzer(positionGap: 0, singular: true),
            [KeywordFields.AllExact] = new FoldingAnalyzer(positionGap: 100, singular: true),
        });

    /// <summary>Standard tokens, lower-cased and folded to ASCII; nothing removed; plurals made singular when asked.</summary>
    private sealed class FoldingAnalyzer(int positionGap, bool singular) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new StandardTokenizer(Version, reader);
            TokenStream stream = new LowerCaseFilter(Version, tokenizer);
            stream = new ASCIIFoldingFilter(stream);
            if (singular)
            {
                stream = new EnglishMinimalStemFilter(stream);
            }
            return new TokenStreamComponents(tokenizer, stream);
        }

        // Authors are separate values of one field: a phrase must not run from one name into the next.
        public override int GetPositionIncrementGap(string fieldName) => positionGap;
    }
}
