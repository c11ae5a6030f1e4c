using Lucene.Net.Index;
using Lucene.Net.Search;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// Lucene 4.8 scores every posting of every word of a disjunction (no block-max skipping): over millions of papers a
/// word most abstracts hold (<c>model</c>, <c>show</c>) costs tens of milliseconds. Like Lucene's
/// <c>CommonTermsQuery</c>, the plain words are split by how many papers hold them: the rarer words are required (any
/// one of them), the common ones add to the score of the papers found by those, advanced to them through the skip
/// lists instead of scored over all their postings; a query of common words alone requires them all. A paper found
/// scores exactly as without the restriction (the same clauses, summed); what is lost are papers holding only common
/// words, which <see cref="KeywordIndex.Search"/> ranks again when too few papers are found: a query of three to seven
/// common words alone then requires all but one of them (<see cref="Restrict"/>), and only if that is still too
/// few is it ranked unrestricted.
/// </summary>
internal static class CommonWords
{
    /// <summary>
    /// Past this many common words, requiring all but one of them rarely finds enough papers and costs more than ranking
    /// them all (at 2.8 M papers: 0.73–0.80 of the time for 5–7 words, 1.11–1.95 for 8–15; bench/README.md).
    /// </summary>
    public const int MostWords = 7;

    /// <summary>
    /// <paramref name="words"/> (plain words' term clauses over the combined field, nothing required) restricted, or
    /// itself when no word is common. Each term is looked up once here; its query reuses the lookup. With
    /// <paramref name="mayMiss"/> 1, a query of three to <see cref="MostWords"/> common words alone requires all but one of
    /// them (Lucene's minimum number of words that should match), and any other query is left as it is.
    /// </summary>
    public static BooleanQuery Restrict(BooleanQuery words, IndexReader reader, RankingWeights weights, out bool restricted, int mayMiss = 0)
    {
        restricted = false;
        var cutoff = Math.Max(weights.CommonWordDocs, (long)(weights.CommonWordShare * (double)reader.MaxDoc));
        var rare = new BooleanQuery(disableCoord: true);
        var common = new List<TermQuery>();
        foreach (var clause in words.Clauses)
        {
            if (clause.Occur != Occur.SHOULD || clause.Query is not TermQuery { Boost: 1f } termQuery)
            {
                return words;
            }
            var context = TermContext.Build(reader.Context, termQuery.Term);
            if (context.DocFreq == 0)
            {
                // No paper holds it (a typo): it can add nothing, and must not be what the others are required with.
                continue;
            }
            var query = new TermQuery(termQuery.Term, context);
            if (context.DocFreq > cutoff)
            {
                common.Add(query);
            }
            else
            {
                rare.Add(query, Occur.SHOULD);
            }
        }
        if (common.Count == 0)
        {
            return words;
        }
        var result = new BooleanQuery(disableCoord: true);
        if (mayMiss > 0)
        {
            if (rare.Clauses.Count > 0 || common.Count - mayMiss < 2 || common.Count > MostWords)
            {
                return words;
            }
            var most = new BooleanQuery(disableCoord: true) { MinimumNumberShouldMatch = common.Count - mayMiss };
            common.ForEach(q => most.Add(q, Occur.SHOULD));
            result.Add(most, Occur.MUST);
            restricted = true;
            return result;
        }
        if (rare.Clauses.Count > 0)
        {
            result.Add(rare, Occur.MUST);
        }
        foreach (var query in common)
        {
            result.Add(query, rare.Clauses.Count > 0 ? Occur.SHOULD : Occur.MUST);
        }
        restricted = true;
        return result;
    }
}
