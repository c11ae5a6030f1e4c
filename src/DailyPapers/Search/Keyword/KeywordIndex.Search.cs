using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Util;

namespace DailyPapers.Search.Keyword;

/// <summary>A paper found by its words, with its BM25 score.</summary>
public sealed record KeywordHit(string Id, float Score);

/// <summary>
/// The best hits and how many papers matched in all; <see cref="DidYouMean"/> is the query with words the index
/// does not hold replaced by the closest words it does, when there were such words, and <see cref="Fuzzy"/>
/// says the hits include papers found by those close words because the query alone found little.
/// </summary>
public sealed record KeywordResults(IReadOnlyList<KeywordHit> Hits, int Total)
{
    public static readonly KeywordResults Empty = new([], 0);

    public string? DidYouMean { get; init; }
    public bool Fuzzy { get; init; }
}

/// <summary>A paper's title and a piece of its abstract as safe HTML: text encoded, matches in &lt;mark&gt;.</summary>
public sealed record HighlightedText(string TitleHtml, string SnippetHtml)
{
    /// <summary>Plain text made safe as HTML, nothing marked.</summary>
    public static HighlightedText Plain(string title, string snippet) =>
        new(SimpleHTMLEncoder.HtmlEncode(title), SimpleHTMLEncoder.HtmlEncode(snippet));
}

public sealed partial class KeywordIndex
{
    private const int SnippetChars = 240;

    /// <summary>Weight of an extra title clause per plain word (tuning only: 0 measured best).</summary>
    internal float TitleBoost { get; set; }

    /// <summary>
    /// The <paramref name="top"/> best papers for the query within the filter. A query that names a paper by id
    /// or DOI finds that paper alone. When the query finds fewer than <see cref="FewHits"/> papers and has words
    /// the index does not hold, it is run again with those words matched loosely (edit distance 1–2).
    /// </summary>
    public KeywordResults Search(SearchQuery query, SearchFilter filter, int top)
    {
        if (top <= 0)
        {
            return KeywordResults.Empty;
        }
        var searcher = _searchers.Acquire();
        try
        {
            if (query.Identifier is { } identifier)
            {
                var term = identifier.ArxivId is { } id ? new Term(KeywordFields.Id, id) : new Term(KeywordFields.Doi, identifier.Doi);
                return Run(searcher, new TermQuery(term), filter, top);
            }
            var ranking = KeywordQueryBuilder.Build(query, _analyzer, Weights, TitleBoost);
            if (ranking is null)
            {
                return KeywordResults.Empty;
            }
            var results = Run(searcher, ranking, filter, top);
            var corrections = Corrections(searcher, query);
            if (corrections.Count == 0)
            {
                return results;
            }
            var didYouMean = Corrected(query, corrections);
            if (results.Total >= FewHits || ranking is not BooleanQuery loose)
            {
                return results with { DidYouMean = didYouMean };
            }
            foreach (var (word, _) in corrections)
            {
                loose.Add(new FuzzyQuery(new Term(KeywordFields.AllExact, word), MaxEdits(word), prefixLength: 1, maxExpansions: 20, transpositions: true), Occur.SHOULD);
            }
            return Run(searcher, loose, filter, top) with { DidYouMean = didYouMean, Fuzzy = true };
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private static KeywordResults Run(IndexSearcher searcher, Query ranking, SearchFilter filter, int top)
    {
        var filterQuery = KeywordQueryBuilder.FilterQuery(filter);
        var lucene = filterQuery is null ? ranking : new FilteredQuery(ranking, new QueryWrapperFilter(filterQuery));
        var docs = searcher.Search(lucene, top);
        var leaves = searcher.IndexReader.Leaves;
        var ids = new BinaryDocValues?[leaves.Count];
        var bytes = new BytesRef();
        var hits = new List<KeywordHit>(docs.ScoreDocs.Length);
        foreach (var d in docs.ScoreDocs)
        {
            var leaf = ReaderUtil.SubIndex(d.Doc, leaves);
            ids[leaf] ??= leaves[leaf].AtomicReader.GetBinaryDocValues(KeywordFields.IdValue);
            ids[leaf]!.Get(d.Doc - leaves[leaf].DocBase, bytes);
            hits.Add(new KeywordHit(bytes.Utf8ToString(), d.Score));
        }
        return new KeywordResults(hits, docs.TotalHits);
    }

    /// <summary>
    /// Title and snippet of each paper with the query's words marked; papers not in the index are left out.
    /// The snippet is the best passages of the abstract, or its beginning when no word of the query occurs.
    /// </summary>
    public IReadOnlyDictionary<string, HighlightedText> Highlight(SearchQuery query, IEnumerable<string> ids)
    {
        // Term scorers, not the span-aware QueryScorer: that one builds an index in memory for every document
        // and made a page of 20 snippets cost ~1 ms each (bench/). Words of a phrase are marked one by one.
        var titleScorer = new QueryTermScorer(KeywordQueryBuilder.HighlightQuery(query, _analyzer, KeywordFields.Title), KeywordFields.Title);
        var abstractScorer = new QueryTermScorer(KeywordQueryBuilder.HighlightQuery(query, _analyzer, KeywordFields.Abstract), KeywordFields.Abstract);
        var encoder = new SimpleHTMLEncoder();
        var formatter = new SimpleHTMLFormatter("<mark>", "</mark>");
        var titles = new Highlighter(formatter, encoder, titleScorer) { TextFragmenter = new NullFragmenter() };
        var snippets = new Highlighter(formatter, encoder, abstractScorer) { TextFragmenter = new SimpleFragmenter(SnippetChars) };
        var result = new Dictionary<string, HighlightedText>(StringComparer.Ordinal);
        var searcher = _searchers.Acquire();
        try
        {
            foreach (var id in ids)
            {
                var found = searcher.Search(new TermQuery(new Term(KeywordFields.Id, id)), 1);
                if (found.ScoreDocs.Length == 0)
                {
                    continue;
                }
                var doc = searcher.Doc(found.ScoreDocs[0].Doc);
                var title = doc.Get(KeywordFields.Title) ?? "";
                var text = doc.Get(KeywordFields.Abstract) ?? "";
                var titleHtml = Mark(titles, KeywordFields.Title, title, 1, "") ?? SimpleHTMLEncoder.HtmlEncode(title);
                var snippetHtml = Passages(snippets, text) ?? SimpleHTMLEncoder.HtmlEncode(Papers.PaperText.Snippet(text, SnippetChars + 40));
                result[id] = new HighlightedText(titleHtml, snippetHtml);
            }
        }
        finally
        {
            _searchers.Release(searcher);
        }
        return result;
    }

    private string? Mark(Highlighter highlighter, string field, string text, int fragments, string separator)
    {
        if (text.Length == 0)
        {
            return null;
        }
        using var stream = _analyzer.GetTokenStream(field, text);
        var best = highlighter.GetBestFragments(stream, text, fragments, separator);
        return string.IsNullOrEmpty(best) ? null : best;
    }

    /// <summary>The best two passages of the abstract, with "…" wherever text was left out.</summary>
    private string? Passages(Highlighter highlighter, string text)
    {
        if (text.Length == 0)
        {
            return null;
        }
        using var stream = _analyzer.GetTokenStream(KeywordFields.Abstract, text);
        var passages = highlighter.GetBestFragments(stream, text, 2).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
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
