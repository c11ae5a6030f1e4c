using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// Builds Lucene queries from a parsed <see cref="SearchQuery"/> directly (no query parser, so no syntax
/// errors): plain words are optional terms ranked by BM25 over the combined field; phrases and prefixed parts
/// are required.
/// </summary>
internal static class KeywordQueryBuilder
{
    /// <summary>The ranking query, or null when no part has a searchable term (only stop words, say).</summary>
    /// <param name="titleBoost">Weight of an extra title clause per plain word; 0 (the default) because on
    /// SciFact train any title boost lowered nDCG@10 (README, Search).</param>
    public static Query? Build(SearchQuery query, Analyzer analyzer, float titleBoost = 0)
    {
        var result = new BooleanQuery();
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
                var title = new BooleanQuery { Boost = titleBoost };
                AddPart(title, part, KeywordFields.Title, analyzer, Occur.SHOULD);
                if (title.Clauses.Count > 0)
                {
                    result.Add(title, Occur.SHOULD);
                }
            }
        }
        return result.Clauses.Count == 0 ? null : result;
    }

    /// <summary>The terms to mark in one stored field (title or abstract): every part that searches it.</summary>
    public static Query HighlightQuery(SearchQuery query, Analyzer analyzer, string field)
    {
        var result = new BooleanQuery();
        foreach (var part in query.Parts.Where(p => p.Field == QueryField.All || (p.Field == QueryField.Title && field == KeywordFields.Title)))
        {
            AddPart(result, part, field, analyzer, Occur.SHOULD);
        }
        return result;
    }

    /// <summary>The filter as a query, or null when there is none.</summary>
    public static Query? FilterQuery(SearchFilter filter)
    {
        if (filter.IsEmpty)
        {
            return null;
        }
        var result = new BooleanQuery();
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
    private static Query CategoryQuery(string text)
    {
        var category = text.Trim().ToLowerInvariant();
        var either = new BooleanQuery
        {
            { new TermQuery(new Term(KeywordFields.Category, category)), Occur.SHOULD },
            { new PrefixQuery(new Term(KeywordFields.Category, category + ".")), Occur.SHOULD },
        };
        return either;
    }
}
