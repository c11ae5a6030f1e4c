namespace DailyPapers.Search.Keyword;

/// <summary>
/// A search's ranking done as it was before a change, one switch a change (all off: the product's ranking); for the
/// benchmarks' baselines (<c>keyword-latency --base</c>), which compare the two in one process.
/// </summary>
internal sealed class ScoringBaseline
{
    /// <summary>Optional disjunctions scored by Lucene's own scorer, not <see cref="DisjunctionAtDoc"/>.</summary>
    public bool LuceneDisjunctions { get; set; }

    /// <summary>Too few papers holding every common word go straight to the unrestricted ranking, not all but one first.</summary>
    public bool NoneMayMiss { get; set; }
}
