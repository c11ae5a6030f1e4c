namespace DailyPapers.Search.Hybrid;

/// <summary>How keyword and vector rankings are combined (tuned on SciFact train and the generated sets' train halves; see README).</summary>
public enum FusionMethod
{
    /// <summary>Weighted sum of normalised scores.</summary>
    Linear,

    /// <summary>Reciprocal rank fusion: the sum of 1 / (k + rank).</summary>
    Rrf,
}

/// <summary>How a ranking's scores are brought to 0..1 before a linear fusion.</summary>
public enum ScoreNormalization
{
    /// <summary>(score − lowest) / (highest − lowest) over the fused top list.</summary>
    MinMax,

    /// <summary>score / highest: a weak match stays weak even when the list holds nothing better.</summary>
    Max,
}

/// <summary>Settings bound from <c>Search:Fusion</c>.</summary>
public sealed class FusionOptions
{
    public FusionMethod Method { get; set; } = FusionMethod.Linear;

    /// <summary>Weight of the vector score in a linear fusion for long queries (the keyword score gets the rest).</summary>
    public double VectorWeight { get; set; } = 0.5;

    /// <summary>Queries of at most this many words (stop words not counted) are short.</summary>
    public int ShortQueryWords { get; set; } = 4;

    /// <summary>Weight of the vector score for short queries: their words say more than their vector.</summary>
    public double ShortVectorWeight { get; set; } = 0.2;

    /// <summary>How keyword scores are normalised for short queries (long ones use min-max, as tuned on SciFact).</summary>
    public ScoreNormalization ShortKeywordNormalization { get; set; } = ScoreNormalization.MinMax;

    /// <summary>
    /// For short queries: papers whose keyword score is below this share of the best one (or that the words do not
    /// match at all) are ranked after those at or above it, whatever their vector scores; 0 (the default) turns this
    /// off. 0.9 gained a little on the train halves but kept a stem match ("Cosine Transforms" for "transformer
    /// attention") above the paper the vectors rightly lift.
    /// </summary>
    public double ShortKeywordGate { get; set; }

    /// <summary>
    /// Short queries whose best keyword hit's title holds every word, and whose best keyword score is at least this many
    /// times the second best, are ranked by their words alone: the query is not embedded (2–5 ms of a core saved for the
    /// one- to three-word pieces of titles people type). 1: whenever the title holds every word; 0: off (always embed).
    /// </summary>
    public double ShortTitleKeywordOnly { get; set; } = 1;

    /// <summary>Weight of the vector score when the query names people (an author's name, <c>au:</c>): a query vector knows no names (0: the keyword ranking alone).</summary>
    public double NameVectorWeight { get; set; }

    /// <summary>
    /// For queries whose every word the best keyword hit's title holds (a title typed out, most of it, words of it),
    /// that paper stays first whatever the vectors say: always for long queries, and for short ones when its keyword
    /// score is at least this many times the second best (many titles hold two words); 0 turns this off. Claims and
    /// descriptions (SciFact's), whose words no title holds, are left to the fusion.
    /// </summary>
    public double KeywordLead { get; set; } = 1.05;

    /// <summary>The k of reciprocal rank fusion.</summary>
    public int RrfK { get; set; } = 60;

    /// <summary>How many results of each ranking are fused.</summary>
    public int Depth { get; set; } = 100;

    public FusionOptions With(Action<FusionOptions> change)
    {
        var copy = (FusionOptions)MemberwiseClone();
        change(copy);
        return copy;
    }
}
