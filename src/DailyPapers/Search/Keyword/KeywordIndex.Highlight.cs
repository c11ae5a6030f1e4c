using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Search.VectorHighlight;
using Lucene.Net.Util;

namespace DailyPapers.Search.Keyword;

public sealed partial class KeywordIndex
{
    private const int SnippetChars = 240;
    private static readonly string[] PreTags = ["<mark>"];
    private static readonly string[] PostTags = ["</mark>"];

    /// <summary>
    /// Title and snippet of each paper with the query's words marked; papers not in the index are left out.
    /// The snippet is the best passages of the abstract, or its beginning when no word of the query occurs.
    /// Matches are read from the term vectors stored with their offsets (Lucene's fast vector highlighter), so no
    /// text is analysed again; phrases are marked as phrases.
    /// </summary>
    public IReadOnlyDictionary<string, HighlightedText> Highlight(SearchQuery query, IEnumerable<string> ids)
    {
        var highlighter = new FastVectorHighlighter(phraseHighlight: true, fieldMatch: true);
        var encoder = new SimpleHTMLEncoder();
        var titleFragments = new SingleFragListBuilder();
        var snippetFragments = new SimpleFragListBuilder();
        var builder = new ScoreOrderFragmentsBuilder(PreTags, PostTags);
        var result = new Dictionary<string, HighlightedText>(StringComparer.Ordinal);
        var searcher = _searchers.Acquire();
        try
        {
            var reader = searcher.IndexReader;
            var titleQuery = highlighter.GetFieldQuery(KeywordQueryBuilder.HighlightQuery(query, _analyzer, KeywordFields.Title), reader);
            var abstractQuery = highlighter.GetFieldQuery(KeywordQueryBuilder.HighlightQuery(query, _analyzer, KeywordFields.Abstract), reader);
            var liveDocs = MultiFields.GetLiveDocs(reader);
            foreach (var id in ids)
            {
                var docs = MultiFields.GetTermDocsEnum(reader, liveDocs, KeywordFields.Id, new BytesRef(id));
                if (docs is null || docs.NextDoc() == DocIdSetIterator.NO_MORE_DOCS)
                {
                    continue;
                }
                var doc = docs.DocID;
                var stored = reader.Document(doc);
                var title = stored.Get(KeywordFields.Title, CultureInfo.InvariantCulture) ?? "";
                var text = stored.Get(KeywordFields.Abstract, CultureInfo.InvariantCulture) ?? "";
                var marked = title.Length == 0 ? null : highlighter.GetBestFragments(
                    titleQuery, reader, doc, KeywordFields.Title, Math.Max(title.Length, 18), 1, titleFragments, builder, PreTags, PostTags, encoder);
                var titleHtml = marked is [{ Length: > 0 } whole] ? whole : SimpleHTMLEncoder.HtmlEncode(title);
                var passages = text.Length == 0 ? null : highlighter.GetBestFragments(
                    abstractQuery, reader, doc, KeywordFields.Abstract, SnippetChars, 2, snippetFragments, builder, PreTags, PostTags, encoder);
                var snippetHtml = Passages(passages, text) ?? SimpleHTMLEncoder.HtmlEncode(Papers.PaperText.Snippet(text, SnippetChars + 40));
                result[id] = new HighlightedText(titleHtml, snippetHtml);
            }
        }
        finally
        {
            _searchers.Release(searcher);
        }
        return result;
    }

    /// <summary>The best passages of the abstract in text order, with "…" wherever text was left out.</summary>
    private static string? Passages(string[]? fragments, string text)
    {
        var passages = (fragments ?? []).Select(p => p.Trim()).Where(p => p.Length > 0)
            .Select(p => (Html: p, At: text.IndexOf(PlainText(p), StringComparison.Ordinal)))
            .OrderBy(p => p.At < 0 ? int.MaxValue : p.At).Select(p => p.Html).ToList();
        if (passages.Count == 0)
        {
            return null;
        }
        var plain = text.Trim();
        var html = string.Join(" … ", passages);
        if (!plain.StartsWith(PlainText(passages[0]), StringComparison.Ordinal))
        {
            html = "… " + html;
        }
        return plain.EndsWith(PlainText(passages[^1]), StringComparison.Ordinal) ? html : html + " …";
    }

    private static string PlainText(string html) =>
        System.Net.WebUtility.HtmlDecode(html.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal));
}
