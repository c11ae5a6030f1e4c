using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// An optional disjunction of words (a short query's title words, stemmed and exact, and its words as author names) as
/// <see cref="TopScoring"/> reads it: moved to the papers that hold one of its words, and scored only at the papers
/// asked about. Lucene 4.8's disjunction scorer scores every matching word at every paper it moves to; such a clause
/// leads (its ceiling is all its words' added up), so it moves to every paper holding any of its words, and most of
/// them are then left out by the bounds without its score ever being read (its own time was 11 % of a 5–8 word query's
/// at 2.8 M papers). The score is Lucene's: the words' scores added up in double, times the coordination factor of the
/// number that matched (the similarity's <c>Coord</c> of the clause count, 1 when off).
/// </summary>
internal sealed class DisjunctionAtDoc : Weight
{
    private readonly BooleanQuery _query;
    private readonly Weight[] _words;
    private readonly float[] _coord;

    private DisjunctionAtDoc(BooleanQuery query, Weight[] words, float[] coord) => (_query, _words, _coord) = (query, words, coord);

    /// <summary>
    /// The weight of <paramref name="query"/> normalized as <see cref="IndexSearcher.CreateNormalizedWeight"/> would,
    /// when it is a disjunction of at least two clauses, every one optional; null for any other query.
    /// </summary>
    public static DisjunctionAtDoc? Create(IndexSearcher searcher, Query query)
    {
        if (query is not BooleanQuery { MinimumNumberShouldMatch: 0 } any || any.Clauses.Count < 2 || any.Clauses.Any(c => c.Occur != Occur.SHOULD))
        {
            return null;
        }
        var count = any.Clauses.Count;
        var coord = new float[count + 1];
        for (var matched = 0; matched <= count; matched++)
        {
            coord[matched] = any.CoordDisabled ? 1f : searcher.Similarity.Coord(matched, count);
        }
        var weight = new DisjunctionAtDoc(any, any.Clauses.Select(c => searcher.Rewrite(c.Query).CreateWeight(searcher)).ToArray(), coord);
        var norm = searcher.Similarity.QueryNorm(weight.GetValueForNormalization());
        weight.Normalize(float.IsInfinity(norm) || float.IsNaN(norm) ? 1f : norm, 1f);
        return weight;
    }

    public override Query Query => _query;

    /// <summary>As BooleanQuery's weight: its clauses' added up, times its boost squared.</summary>
    public override float GetValueForNormalization() => _words.Sum(w => w.GetValueForNormalization()) * _query.Boost * _query.Boost;

    public override void Normalize(float norm, float topLevelBoost)
    {
        foreach (var word in _words)
        {
            word.Normalize(norm, topLevelBoost * _query.Boost);
        }
    }

    public override Explanation Explain(AtomicReaderContext context, int doc) =>
        throw new NotSupportedException("Explain the BooleanQuery itself: this weight only ranks.");

    public override Scorer? GetScorer(AtomicReaderContext context, IBits acceptDocs)
    {
        var words = _words.Select(w => w.GetScorer(context, acceptDocs)).OfType<Scorer>().ToArray();
        return words.Length == 0 ? null : new Words(this, words, _coord);
    }

    /// <summary>The words over one segment: on the first paper at or after a target that one of them holds.</summary>
    private sealed class Words(Weight weight, Scorer[] words, float[] coord) : Scorer(weight)
    {
        private int _doc = -1;

        public override int DocID => _doc;

        public override int NextDoc() => _doc == NO_MORE_DOCS ? _doc : Advance(_doc + 1);

        public override int Advance(int target)
        {
            var doc = NO_MORE_DOCS;
            foreach (var word in words)
            {
                var at = word.DocID >= target ? word.DocID : word.Advance(target);
                doc = Math.Min(doc, at);
            }
            return _doc = doc;
        }

        public override float GetScore()
        {
            var sum = 0.0;
            var matched = 0;
            foreach (var word in words)
            {
                if (word.DocID == _doc)
                {
                    sum += word.GetScore();
                    matched++;
                }
            }
            return (float)sum * coord[matched];
        }

        public override int Freq => words.Count(w => w.DocID == _doc);

        public override long GetCost() => words.Sum(w => w.GetCost());
    }
}
