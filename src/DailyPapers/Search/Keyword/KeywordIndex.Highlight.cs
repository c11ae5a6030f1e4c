using Lucene.Net.Search.Highlight;
using Lucene.Net.Util;

namespace DailyPapers.Search.Keyword;

public sealed partial class KeywordIndex
{
    private const int SnippetChars = 240;
    private const int SnippetPassages = 2;

    /// <summary>
    /// Title and snippet of each paper with the query's words marked; papers not in the index are left out.
    /// The snippet is the best passages of the abstract, or its beginning when no word of the query occurs.
    /// Where the words are comes from the postings of the query's terms, which store offsets (as Lucene's
    /// postings highlighter reads them): nothing is analysed again and no per-paper term vectors are decoded;
    /// quoted phrases are marked only where they occur as phrases. The abstract's come from the combined field
    /// (<see cref="KeywordFields.All"/>: title, abstract, authors and categories, one per line), where the abstract
    /// starts after the title and its line break; matches that start or end outside it are left out.
    /// </summary>
    public IReadOnlyDictionary<string, HighlightedText> Highlight(SearchQuery query, IEnumerable<string> ids)
    {
        var titleUnits = KeywordQueryBuilder.HighlightUnits(query, _analyzer, KeywordFields.Title);
        var abstractUnits = KeywordQueryBuilder.HighlightUnits(query, _analyzer, KeywordFields.All);
        var result = new Dictionary<string, HighlightedText>(StringComparer.Ordinal);
        var searcher = _searchers.Acquire();
        try
        {
            var reader = searcher.IndexReader;
            var numDocs = Math.Max(1, reader.NumDocs);
            var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
            var bytes = new BytesRef();
            foreach (var leaf in reader.Leaves)
            {
                var docs = PostingsOccurrences.FindDocs(leaf.AtomicReader, wanted, result);
                if (docs.Count == 0)
                {
                    continue;
                }
                var titles = leaf.AtomicReader.GetBinaryDocValues(KeywordFields.TitleValue);
                var abstracts = leaf.AtomicReader.GetBinaryDocValues(KeywordFields.AbstractValue);
                var titleMatches = PostingsOccurrences.Find(leaf.AtomicReader, KeywordFields.Title, titleUnits, docs.Keys, numDocs);
                var abstractMatches = PostingsOccurrences.Find(leaf.AtomicReader, KeywordFields.All, abstractUnits, docs.Keys, numDocs);
                foreach (var (doc, id) in docs)
                {
                    var title = PostingsOccurrences.Text(titles, doc, bytes);
                    var text = PostingsOccurrences.Text(abstracts, doc, bytes);
                    var inAbstract = PostingsOccurrences.Within(abstractMatches.GetValueOrDefault(doc, []), title.Length + 1, text.Length);
                    var snippet = HighlightMarkup.Snippet(text, inAbstract, SnippetChars, SnippetPassages)
                        ?? SimpleHTMLEncoder.HtmlEncode(Papers.PaperText.SnippetOfDisplay(text, SnippetChars + 40));
                    result[id] = new HighlightedText(HighlightMarkup.Whole(title, titleMatches.GetValueOrDefault(doc, [])), snippet);
                }
            }
        }
        finally
        {
            _searchers.Release(searcher);
        }
        return result;
    }
}
