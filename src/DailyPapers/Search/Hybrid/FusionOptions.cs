namespace DailyPapers.Search.Hybrid;

/// <summary>How keyword and vector rankings are combined (tuned on SciFact train; see README).</summary>
public enum FusionMethod
{
    /// <summary>Weighted sum of min-max-normalised scores.</summary>
    Linear,

    /// <summary>Reciprocal rank fusion: the sum of 1 / (k + rank).</summary>
    Rrf,
}

/// <summary>Settings bound from <c>Search:Fusion</c>.</summary>
public sealed class FusionOptions
{
    public FusionMethod Method { get; set; } = FusionMethod.Linear;

    /// <summary>Weight of the vector score in a linear fusion (the keyword score gets the rest).</summary>
    public double VectorWeight { get; set; } = 0.5;

    /// <summary>The k of reciprocal rank fusion.</summary>
    public int RrfK { get; set; } = 60;

    /// <summary>How many results of each ranking are fused.</summary>
    public int Depth { get; set; } = 100;
}
