using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Spans;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// Builds Lucene queries from a parsed <see cref="SearchQuery"/> directly (no query parser, so no syntax
/// errors): plain words are optional terms ranked by BM25 over the combined field; phrases and prefixed parts
/// are required. A short query also scores its words in the title (coordinated), as a phrase in the title, near
/// each other (stemmed, in the combined field), and as author names (<see cref="RankingWeights"/>).
/// </summary>
internal static partial class KeywordQueryBuilder
{
    /// <summary>The ranking query, or null when no part has a searchable term (only stop words, say).</summary>
    public static Query? Build(SearchQuery query, Analyzer analyzer, RankingWeights weights, float titleBoost = 0) =>
        Build(query, analyzer, weights, titleBoost, reader: null, out _);

    /// <summary>
    /// The ranking query; with <paramref name="reader"/>, its common words restricted (<see cref="RankingWeights.CommonWordDocs"/>),
    /// and <paramref name="restricted"/> says whether any was (<paramref name="mayMiss"/>: <see cref="CommonWords.Restrict"/>).
    /// </summary>
    public static Query? Build(SearchQuery query, Analyzer analyzer, RankingWeights weights, float titleBoost, IndexReader? reader, out bool restricted,
        int mayMiss = 0)
    {
        restricted = false;
        var result = new BooleanQuery(disableCoord: true);
        foreach (var part in query.Parts)
        {
            if (part.Field == QueryField.Category)
            {
                result.Add(CategoryQuery(part.Text), Occur.MUST);
                continue;
            }
            var field = part.Field switch
            {
                QueryField.Title => KeywordFields.Title,
                QueryField.Author => KeywordFields.Authors,
                _ => KeywordFields.All,
            };
            AddPart(result, part, field, analyzer, part.IsRequired ? Occur.MUST : Occur.SHOULD);
            if (titleBoost > 0 && part.Field == QueryField.All)
            {
                var title = new BooleanQuery(disableCoord: true) { Boost = titleBoost };
                AddPart(title, part, KeywordFields.Title, analyzer, Occur.SHOULD);
                if (title.Clauses.Count > 0)
                {
                    result.Add(title, Occur.SHOULD);
                }
            }
        }
        if (result.Clauses.Count == 0)
        {
            return null;
        }
        if (reader is not null && weights.CommonWordDocs > 0 && titleBoost == 0 && !query.HasRequiredParts)
        {
            result = CommonWords.Restrict(result, reader, weights, out restricted, mayMiss);
        }
        AddShortQueryClauses(result, query, analyzer, weights);
        return result;
    }

    /// <summary>
    /// The words and phrases to mark in one field (title or abstract), from every part that searches it: each a
    /// single term, or a quoted phrase's terms with their positions.
    /// </summary>
    public static List<List<(string Term, int Position)>> HighlightUnits(SearchQuery query, Analyzer analyzer, string field)
    {
        var units = new List<List<(string Term, int Position)>>();
        foreach (var part in query.Parts.Where(p => p.Field == QueryField.All || (p.Field == QueryField.Title && field == KeywordFields.Title)))
        {
            var tokens = Analyze(analyzer, field, part.Text);
            if (part.IsPhrase && tokens.Count > 1)
            {
                units.Add(tokens);
                continue;
            }
            units.AddRange(tokens.Select(t => new List<(string Term, int Position)> { (t.Term, 0) }));
        }
        return units.DistinctBy(u => string.Join(' ', u.Select(t => $"{t.Position}:{t.Term}")), StringComparer.Ordinal).ToList();
    }

    /// <summary>The filter as a query, or null when there is none.</summary>
    public static Query? FilterQuery(SearchFilter filter)
    {
        if (filter.IsEmpty)
        {
            return null;
        }
        var result = new BooleanQuery(disableCoord: true);
        if (!string.IsNullOrWhiteSpace(filter.Category))
        {
            result.Add(CategoryQuery(filter.Category), Occur.MUST);
        }
        if (filter.From is not null || filter.To is not null)
        {
            result.Add(NumericRangeQuery.NewInt32Range(KeywordFields.Day, filter.From?.DayNumber, filter.To?.DayNumber, true, true), Occur.MUST);
        }
        return result;
    }

    private static void AddShortQueryClauses(BooleanQuery result, SearchQuery query, Analyzer analyzer, RankingWeights weights)
    {
        var text = string.Join(' ', query.Parts.Where(p => p.Field == QueryField.All).Select(p => p.Text));
        var exact = Analyze(analyzer, KeywordFields.TitleExact, text);
        if (exact.Count == 0 || exact.Count > weights.ShortQueryWords)
        {
            if (weights.LongTitlePhrase && weights.ShortQueryWords > 0 && exact.Count > weights.ShortQueryWords && weights.TitlePhrase > 0)
            {
                result.Add(Phrase(KeywordFields.TitleExact, exact, 0, weights.TitlePhrase), Occur.SHOULD);
            }
            return;
        }
        var stemmed = Analyze(analyzer, KeywordFields.Title, text);
        if (weights.Title > 0 && stemmed.Count > 0)
        {
            // Coordination on: the similarity scales this clause by the square of the share of words the title holds.
            var title = new BooleanQuery(disableCoord: false) { Boost = weights.Title };
            foreach (var term in stemmed.Select(t => t.Term).Distinct())
            {
                title.Add(new TermQuery(new Term(KeywordFields.Title, term)), Occur.SHOULD);
            }
            result.Add(title, Occur.SHOULD);
        }
        var contentWords = exact.Select(t => t.Term).Where(t => !Lucene.Net.Analysis.En.EnglishAnalyzer.DefaultStopSet.Contains(t)).Distinct().ToList();
        if (weights.TitleExact > 0 && contentWords.Count > 0)
        {
            var forms = new BooleanQuery(disableCoord: false) { Boost = weights.TitleExact };
            foreach (var word in contentWords)
            {
                forms.Add(new TermQuery(new Term(KeywordFields.TitleExact, word)), Occur.SHOULD);
            }
            result.Add(forms, Occur.SHOULD);
        }
        if (exact.Count >= 2 && weights.TitlePhrase > 0)
        {
            result.Add(Phrase(KeywordFields.TitleExact, exact, 0, weights.TitlePhrase), Occur.SHOULD);
        }
        if (weights.Proximity > 0)
        {
            // Near each other in the combined field, stemmed (stop words leave their gaps): the word-for-word field
            // keeps no positions.
            var near = Analyze(analyzer, KeywordFields.All, text);
            if (near.Count >= 2)
            {
                result.Add(Phrase(KeywordFields.All, near, weights.ProximitySlop, weights.Proximity), Occur.SHOULD);
            }
        }
        if (weights.Exact > 0 && contentWords.Count > 0)
        {
            var forms = new BooleanQuery(disableCoord: true) { Boost = weights.Exact };
            foreach (var word in contentWords)
            {
                forms.Add(new TermQuery(new Term(KeywordFields.AllExact, word)), Occur.SHOULD);
            }
            result.Add(forms, Occur.SHOULD);
        }
        if (weights.Author > 0)
        {
            AddAuthorClauses(result, exact.Select(t => t.Term).ToList(), weights.Author);
        }
    }

    /// <summary>
    /// Words as author names: each word as a name part (lower case, no accents, so <c>muller</c> finds Müller), and a
    /// single letter beside a word as an initial and a surname in either order (<c>y bengio</c>, <c>bengio y</c>),
    /// within one author's name. An initial is one term of <see cref="KeywordFields.AuthorInitials"/> (each name part's
    /// initial at the part's position), not a prefix over every name part.
    /// </summary>
    private static void AddAuthorClauses(BooleanQuery result, List<string> words, float weight)
    {
        var names = new BooleanQuery(disableCoord: true) { Boost = weight };
        foreach (var word in words.Where(w => w.Length >= 2).Distinct())
        {
            names.Add(new TermQuery(new Term(KeywordFields.Authors, word)) { Boost = 0.5f }, Occur.SHOULD);
        }
        for (var i = 0; i + 1 < words.Count; i++)
        {
            var (a, b) = (words[i], words[i + 1]);
            if ((a.Length == 1) == (b.Length == 1))
            {
                continue;
            }
            var (initial, surname) = a.Length == 1 ? (a, b) : (b, a);
            var near = new SpanNearQuery(
                [Initial(initial), new SpanTermQuery(new Term(KeywordFields.Authors, surname))],
                slop: 1, inOrder: false);
            names.Add(near, Occur.SHOULD);
        }
        if (names.Clauses.Count > 0)
        {
            result.Add(names, Occur.SHOULD);
        }
    }

    /// <summary>A single letter as the initial of a name part, read as if it were a term of the names' field.</summary>
    private static FieldMaskingSpanQuery Initial(string letter) =>
        new(new SpanTermQuery(new Term(KeywordFields.AuthorInitials, letter)), KeywordFields.Authors);

    /// <summary>A quoted name: its words in order, a single letter as a name part's initial (<c>au:"y bengio"</c>).</summary>
    private static SpanNearQuery NamePhrase(List<(string Term, int Position)> tokens) => new(
        tokens.Select(t => t.Term.Length == 1 ? Initial(t.Term) : (SpanQuery)new SpanTermQuery(new Term(KeywordFields.Authors, t.Term))).ToArray(),
        slop: 0, inOrder: true);

    private static PhraseQuery Phrase(string field, List<(string Term, int Position)> tokens, int slop, float boost)
    {
        var phrase = new PhraseQuery { Slop = slop, Boost = boost };
        foreach (var (term, position) in tokens)
        {
            phrase.Add(new Term(field, term), position);
        }
        return phrase;
    }

    private static void AddPart(BooleanQuery result, QueryPart part, string field, Analyzer analyzer, Occur occur)
    {
        var tokens = Analyze(analyzer, field, part.Text);
        if (tokens.Count == 0)
        {
            return;
        }
        if (occur == Occur.SHOULD && !part.IsPhrase)
        {
            foreach (var (term, _) in tokens)
            {
                result.Add(new TermQuery(new Term(field, term)), Occur.SHOULD);
            }
            return;
        }
        if (tokens.Count == 1)
        {
            result.Add(new TermQuery(new Term(field, tokens[0].Term)), occur);
            return;
        }
        if (field == KeywordFields.Authors && tokens.Any(t => t.Term.Length == 1))
        {
            result.Add(NamePhrase(tokens), occur);
            return;
        }
        var phrase = new PhraseQuery();
        foreach (var (term, position) in tokens)
        {
            phrase.Add(new Term(field, term), position);
        }
        result.Add(phrase, occur);
    }

    /// <summary>The analyzed terms with their positions (stop words leave gaps, which a phrase keeps).</summary>
    internal static List<(string Term, int Position)> Analyze(Analyzer analyzer, string field, string text)
    {
        var tokens = new List<(string, int)>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken() && tokens.Count < SearchQuery.MaxParts)
        {
            position += increment.PositionIncrement;
            tokens.Add((term.ToString(), position));
        }
        stream.End();
        return tokens;
    }

    /// <summary><c>cs.CL</c> is one category; <c>cs</c> or <c>hep-th</c> is that category or any of its subcategories.</summary>
    private static BooleanQuery CategoryQuery(string text)
    {
        var category = text.Trim().ToLowerInvariant();
        var either = new BooleanQuery(disableCoord: true)
        {
            { new TermQuery(new Term(KeywordFields.Category, category)), Occur.SHOULD },
            { new PrefixQuery(new Term(KeywordFields.Category, category + ".")), Occur.SHOULD },
        };
        return either;
    }
}
