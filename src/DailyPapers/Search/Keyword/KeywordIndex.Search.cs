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

    /// <summary>The query names people: an <c>au:</c> part, or a plain word more papers have as an author's name than in their text (<c>zhang</c>, <c>bengio</c>).</summary>
    public bool NamesAuthor { get; init; }

    /// <summary>The best hit's title holds every content word of the query (a title typed out, maybe with words left out).</summary>
    public bool TitleHoldsQuery { get; init; }
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
                return Run(searcher, new TermQuery(term), filter, top, out _);
            }
            var ranking = KeywordQueryBuilder.Build(query, _analyzer, Weights, TitleBoost, searcher.IndexReader, out var restricted);
            if (ranking is null)
            {
                return KeywordResults.Empty;
            }
            var results = Run(searcher, ranking, filter, top, out var first);
            if (restricted && results.Total < Math.Max(top, FewHits))
            {
                // The papers holding a rarer word (or every common one) are too few: rank them all, as without the restriction.
                ranking = KeywordQueryBuilder.Build(query, _analyzer, Weights, TitleBoost)!;
                results = Run(searcher, ranking, filter, top, out first);
            }
            results = results with
            {
                NamesAuthor = NamesAuthor(searcher.IndexReader, query),
                TitleHoldsQuery = first >= 0 && QueryInTitle.Holds(_analyzer, searcher.IndexReader, first, query),
            };
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
            return Run(searcher, loose, filter, top, out _) with { DidYouMean = didYouMean, Fuzzy = true, NamesAuthor = results.NamesAuthor };
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private bool NamesAuthor(IndexReader reader, SearchQuery query)
    {
        if (query.Parts.Any(p => p.Field == QueryField.Author))
        {
            return true;
        }
        foreach (var word in query.PlainWords.SelectMany(w => KeywordQueryBuilder.Analyze(_analyzer, KeywordFields.Authors, w)).Select(t => t.Term).Distinct())
        {
            var asName = word.Length < 2 ? 0 : reader.DocFreq(new Term(KeywordFields.Authors, word));
            if (asName > 0 && asName >= reader.DocFreq(new Term(KeywordFields.AllExact, word)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Runs the query; <paramref name="first"/> is the best hit's document number (−1: none).</summary>
    private static KeywordResults Run(IndexSearcher searcher, Query ranking, SearchFilter filter, int top, out int first)
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
        first = docs.ScoreDocs.Length > 0 ? docs.ScoreDocs[0].Doc : -1;
        return new KeywordResults(hits, docs.TotalHits);
    }
}
