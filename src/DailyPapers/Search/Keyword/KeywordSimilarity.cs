using Lucene.Net.Search.Similarities;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// BM25 per field, and coordination where a query asks for it. The long fields keep the parameters tuned on
/// SciFact (k1 0.9, b 0.4); title fields are short, and there a title that holds the query's words and little
/// else should win, so length counts more (<see cref="RankingWeights.TitleB"/>). Coordination multiplies a
/// boolean query's score by the square of the share of its clauses that matched: only the title clauses ask for it
/// (every other boolean query is built with coordination off), so a title holding every word of a short query
/// beats one holding a single word's stem however rare that word is.
/// </summary>
internal sealed class KeywordSimilarity(float k1, float b, RankingWeights weights) : PerFieldSimilarityWrapper
{
    private readonly BM25Similarity _long = new(k1, b);
    private readonly BM25Similarity _title = new(weights.TitleK1, weights.TitleB);

    public override Similarity Get(string name) => name is KeywordFields.Title or KeywordFields.TitleExact ? _title : _long;

    public override float Coord(int overlap, int maxOverlap) => maxOverlap == 0 ? 1 : MathF.Pow(overlap / (float)maxOverlap, 2);
}
