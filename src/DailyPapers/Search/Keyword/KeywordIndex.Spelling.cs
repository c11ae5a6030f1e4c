using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace DailyPapers.Search.Keyword;

public sealed partial class KeywordIndex
{
    /// <summary>Below this many hits, words the index does not hold are matched loosely.</summary>
    internal const int FewHits = 5;

    /// <summary>
    /// The query's plain words that no paper holds (in titles, abstracts or author names), each with the indexed
    /// word closest to it: fewest edits, then the most papers. Words with no close word are left out.
    /// </summary>
    private List<(string Word, string Suggestion)> Corrections(IndexSearcher searcher, SearchQuery query)
    {
        var reader = searcher.IndexReader;
        var corrections = new List<(string, string)>();
        Terms? terms = null;
        foreach (var word in query.PlainWords.SelectMany(w => KeywordQueryBuilder.Analyze(_analyzer, KeywordFields.AllExact, w)).Select(t => t.Term).Distinct())
        {
            if (word.Length < 4 || word.Any(char.IsDigit)
                || reader.DocFreq(new Term(KeywordFields.AllExact, word)) > 0 || reader.DocFreq(new Term(KeywordFields.Authors, word)) > 0)
            {
                continue;
            }
            terms ??= MultiFields.GetTerms(reader, KeywordFields.AllExact);
            if (terms is not null && Closest(terms, word) is { } suggestion)
            {
                corrections.Add((word, suggestion));
            }
        }
        return corrections;
    }

    private static string? Closest(Terms terms, string word)
    {
        var fuzzy = new FuzzyTermsEnum(terms, new AttributeSource(), new Term(KeywordFields.AllExact, word), MaxEdits(word), 1, true);
        (string Term, int Edits, int Docs)? best = null;
        while (fuzzy.MoveNext())
        {
            var candidate = fuzzy.Term.Utf8ToString();
            var edits = Edits(word, candidate);
            var docs = fuzzy.DocFreq;
            if (best is null || edits < best.Value.Edits || (edits == best.Value.Edits && docs > best.Value.Docs))
            {
                best = (candidate, edits, docs);
            }
        }
        return best?.Term;
    }

    private static int MaxEdits(string word) => word.Length <= 5 ? 1 : 2;

    /// <summary>Optimal string alignment distance (a swap of two neighbours is one edit, as for the fuzzy enum).</summary>
    internal static int Edits(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }

    /// <summary>The query as typed with each corrected plain word replaced.</summary>
    private string Corrected(SearchQuery query, List<(string Word, string Suggestion)> corrections)
    {
        var replace = corrections.ToDictionary(c => c.Word, c => c.Suggestion, StringComparer.Ordinal);
        return string.Join(' ', query.Parts.Select(p =>
        {
            var prefix = p.Field switch { QueryField.Author => "au:", QueryField.Title => "ti:", QueryField.Category => "cat:", _ => "" };
            if (p.IsPhrase)
            {
                return $"{prefix}\"{p.Text}\"";
            }
            var tokens = KeywordQueryBuilder.Analyze(_analyzer, KeywordFields.AllExact, p.Text);
            return prefix + (p.Field == QueryField.All && tokens.Count == 1 && replace.TryGetValue(tokens[0].Term, out var s) ? s : p.Text);
        }));
    }
}
