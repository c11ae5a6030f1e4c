using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace DailyPapers.Search.Keyword;

/// <summary>Whether a found paper's title is the query typed out (<see cref="KeywordResults.TitleHoldsQuery"/>).</summary>
internal static class QueryInTitle
{
    /// <summary>The title of <paramref name="doc"/> holds every content word of the query's free text, in its written form (plurals folded).</summary>
    public static bool Holds(Analyzer analyzer, IndexReader reader, int doc, SearchQuery query)
    {
        var words = KeywordQueryBuilder.Analyze(analyzer, KeywordFields.TitleExact, query.FreeText).Select(t => t.Term)
            .Where(t => !Lucene.Net.Analysis.En.EnglishAnalyzer.DefaultStopSet.Contains(t)).ToHashSet(StringComparer.Ordinal);
        if (words.Count == 0)
        {
            return false;
        }
        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var bytes = new BytesRef();
        var titles = leaf.AtomicReader.GetBinaryDocValues(KeywordFields.TitleValue);
        if (titles is null)
        {
            return false;
        }
        titles.Get(doc - leaf.DocBase, bytes);
        words.ExceptWith(KeywordQueryBuilder.Analyze(analyzer, KeywordFields.TitleExact, bytes.Utf8ToString()).Select(t => t.Term));
        return words.Count == 0;
    }
}
