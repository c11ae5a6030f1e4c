using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace DailyPapers.Search.Keyword;

/// <summary>What the index offers for a few typed letters: titles, author names and categories.</summary>
public sealed record IndexSuggestions(
    IReadOnlyList<(string Id, string Title)> Titles,
    IReadOnlyList<(string Name, int Papers)> Authors,
    IReadOnlyList<(string Category, int Papers)> Categories)
{
    public static readonly IndexSuggestions None = new([], [], []);
}

public sealed partial class KeywordIndex
{
    /// <summary>Terms looked at per author prefix: a short prefix matches thousands of names; the most prolific of the first few hundred are enough.</summary>
    private const int AuthorTermsScanned = 300;

    /// <summary>Titles read per suggestion request, to put those holding the typed words in order first.</summary>
    private const int TitleCandidates = 30;

    /// <summary>
    /// Completions for typed text: titles holding every typed word, the last one as a prefix (best BM25 first);
    /// author names starting with the text or with a later word of the name matching it (most papers first);
    /// categories starting with the text (<c>cs.c</c> → <c>cs.CL</c>, <c>cs.CV</c>).
    /// </summary>
    public IndexSuggestions Suggest(string text, int perKind)
    {
        var typed = SuggestionKeys.Normalize(text);
        if (typed.Length == 0 || perKind <= 0)
        {
            return IndexSuggestions.None;
        }
        var searcher = _searchers.Acquire();
        try
        {
            return new IndexSuggestions(SuggestTitles(searcher, text, perKind), SuggestAuthors(searcher.IndexReader, typed, perKind), SuggestCategories(searcher.IndexReader, text.Trim(), perKind));
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private List<(string, string)> SuggestTitles(IndexSearcher searcher, string text, int count)
    {
        var words = KeywordQueryBuilder.Analyze(_analyzer, KeywordFields.TitleExact, text).Select(t => t.Term).ToList();
        if (words.Count == 0)
        {
            return [];
        }
        var query = new BooleanQuery(disableCoord: true);
        var complete = char.IsWhiteSpace(text[^1]);
        for (var i = 0; i < words.Count; i++)
        {
            var term = new Term(KeywordFields.TitleExact, words[i]);
            query.Add(i == words.Count - 1 && !complete && words[i].Length >= 2 ? new PrefixQuery(term) : new TermQuery(term), Occur.MUST);
        }
        // Titles that hold the typed text as written (words in order) come before those that only hold its words.
        var typed = string.Join(' ', words);
        var leaves = searcher.IndexReader.Leaves;
        var bytes = new BytesRef();
        return searcher.Search(query, Math.Max(count, TitleCandidates)).ScoreDocs
            .Select((hit, rank) =>
            {
                var leaf = leaves[ReaderUtil.SubIndex(hit.Doc, leaves)];
                var doc = hit.Doc - leaf.DocBase;
                var title = PostingsOccurrences.Text(leaf.AtomicReader.GetBinaryDocValues(KeywordFields.TitleValue), doc, bytes);
                var inOrder = (" " + SuggestionKeys.Normalize(title)).Contains(" " + typed, StringComparison.Ordinal);
                return (Id: PostingsOccurrences.Text(leaf.AtomicReader.GetBinaryDocValues(KeywordFields.IdValue), doc, bytes), Title: title, InOrder: inOrder, Rank: rank);
            })
            .OrderBy(t => t.InOrder ? 0 : 1).ThenBy(t => t.Rank)
            .Take(count).Select(t => (t.Id, t.Title)).ToList();
    }

    private static List<(string, int)> SuggestAuthors(IndexReader reader, string typed, int count)
    {
        var terms = MultiFields.GetTerms(reader, KeywordFields.AuthorKeys);
        if (terms is null || typed.Length < 2)
        {
            return [];
        }
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var iterator = terms.GetEnumerator();
        if (iterator.SeekCeil(new BytesRef(typed)) == TermsEnum.SeekStatus.END)
        {
            return [];
        }
        var scanned = 0;
        do
        {
            var key = iterator.Term.Utf8ToString();
            if (!key.StartsWith(typed, StringComparison.Ordinal) || ++scanned > AuthorTermsScanned)
            {
                break;
            }
            var name = key[(key.IndexOf(SuggestionKeys.Separator, StringComparison.Ordinal) + 1)..];
            names[name] = Math.Max(names.GetValueOrDefault(name), iterator.DocFreq);
        }
        while (iterator.MoveNext());
        return names.OrderByDescending(n => n.Value).ThenBy(n => n.Key, StringComparer.Ordinal).Take(count).Select(n => (n.Key, n.Value)).ToList();
    }

    private static List<(string, int)> SuggestCategories(IndexReader reader, string typed, int count)
    {
        var terms = MultiFields.GetTerms(reader, KeywordFields.CategoryName);
        if (terms is null || typed.Length < 2 || typed.Length > 20 || typed.Any(char.IsWhiteSpace))
        {
            return [];
        }
        var found = new List<(string, int)>();
        var iterator = terms.GetEnumerator();
        while (iterator.MoveNext())
        {
            var category = iterator.Term.Utf8ToString();
            if (category.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            {
                found.Add((category, iterator.DocFreq));
            }
        }
        return found.OrderByDescending(c => c.Item2).ThenBy(c => c.Item1, StringComparer.Ordinal).Take(count).ToList();
    }
}
