using Lucene.Net.Analysis;
using Lucene.Net.Index;

namespace DailyPapers.Search.Keyword;

/// <summary>Whether a query names an author (<see cref="KeywordResults.NamesAuthor"/>).</summary>
internal static class NamedAuthors
{
    /// <summary>An <c>au:</c> part, or a plain word more papers hold as an author's name than as a word.</summary>
    public static bool In(Analyzer analyzer, IndexReader reader, SearchQuery query)
    {
        if (query.Parts.Any(p => p.Field == QueryField.Author))
        {
            return true;
        }
        foreach (var word in query.PlainWords.SelectMany(w => KeywordQueryBuilder.Analyze(analyzer, KeywordFields.Authors, w)).Select(t => t.Term).Distinct())
        {
            var asName = word.Length < 2 ? 0 : reader.DocFreq(new Term(KeywordFields.Authors, word));
            if (asName > 0 && asName >= reader.DocFreq(new Term(KeywordFields.AllExact, word)))
            {
                return true;
            }
        }
        return false;
    }
}
