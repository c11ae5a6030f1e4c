using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

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

    /// <summary>Every matching paper scored, by Lucene (<see cref="TopScoring"/> off): segments searched in parallel, and benchmarks' baselines.</summary>
    internal bool Exhaustive { get; set; }

    /// <summary>The ranking as before a change (benchmarks' baselines; all off by default).</summary>
    internal ScoringBaseline Baseline { get; } = new();

    /// <summary>Totals are exact up to this many papers (by default the most a search serves), lower bounds past it (<see cref="TopScoring"/>).</summary>
    internal int ExactTotal { get; set; } = SearchService.MaxResults;

    // Whether a query found fewer than FewHits papers (or than asked for) decides what runs next: that is always exact.
    private int ExactUpTo(int top) => Exhaustive ? 0 : Math.Max(Math.Max(top, FewHits), ExactTotal);

    /// <summary>How many threads a search may use (<see cref="SearchOptions.QueryThreads"/>).</summary>
    internal SplitSearches Split { get; } = new();

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
        var parts = Split.Enter(searcher.IndexReader.MaxDoc, query.PlainWords.Count());
        try
        {
            KeywordResults Rank(Query ranking, out int first) =>
                TopScoring.Run(searcher, ranking, filter, top, ExactUpTo(top), parts, out first, Split.Order, Baseline);
            if (query.Identifier is { } identifier)
            {
                var term = identifier.ArxivId is { } id ? new Term(KeywordFields.Id, id) : new Term(KeywordFields.Doi, identifier.Doi);
                return Rank(new TermQuery(term), out _);
            }
            var ranking = KeywordQueryBuilder.Build(query, _analyzer, Weights, TitleBoost, searcher.IndexReader, out var restricted);
            if (ranking is null)
            {
                return KeywordResults.Empty;
            }
            var results = Rank(ranking, out var first);
            bool TooFew() => restricted && results.Total < Math.Max(top, FewHits);
            if (TooFew() && !Baseline.NoneMayMiss)
            {
                // Too few papers hold every common word (of three to seven, and no rarer one): those holding all but one.
                var most = KeywordQueryBuilder.Build(query, _analyzer, Weights, TitleBoost, searcher.IndexReader, out var relaxed, mayMiss: 1)!;
                if (relaxed)
                {
                    ranking = most;
                    results = Rank(ranking, out first);
                }
            }
            if (TooFew())
            {
                // The papers holding a rarer word (or every common one but one) are too few: rank them all, as without the restriction.
                ranking = KeywordQueryBuilder.Build(query, _analyzer, Weights, TitleBoost)!;
                results = Rank(ranking, out first);
            }
            results = results with
            {
                NamesAuthor = NamedAuthors.In(_analyzer, searcher.IndexReader, query),
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
            return Rank(loose, out _) with { DidYouMean = didYouMean, Fuzzy = true, NamesAuthor = results.NamesAuthor };
        }
        finally
        {
            Split.Leave();
            _searchers.Release(searcher);
        }
    }
}
