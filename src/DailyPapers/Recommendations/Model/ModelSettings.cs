namespace DailyPapers.Recommendations.Model;

/// <summary>
/// The model's constants, chosen on the offline benchmark (bench/README.md, "Recommendations"); not configuration:
/// changing one changes every reader's ranking, so it goes through the benchmark first.
/// </summary>
public sealed record ModelSettings
{
    public static readonly ModelSettings Default = new();

    /// <summary>
    /// Softmax pooling of a candidate's similarities to the reader's papers: near 0 it is the best match's
    /// similarity, large it is their mean. Small values serve readers with several separate interests.
    /// </summary>
    public float Temperature { get; init; } = 0.05f;

    /// <summary>Score added per doubling of how many of the reader's papers a candidate's best-known author wrote.</summary>
    public float AuthorWeight { get; init; } = 0.3f;

    /// <summary>Whether author names count at all (the benchmark's "text only" variant turns them off).</summary>
    public bool UseAuthors { get; init; } = true;

    /// <summary>How strongly similarity to papers marked "not interested" pulls a candidate down.</summary>
    public float NotInterestedWeight { get; init; } = 0.5f;

    /// <summary>Below this pooled similarity a candidate is only loosely like the reader's papers: its reason is their topic.</summary>
    public float TopicBelow { get; init; } = 0.35f;

    /// <summary>From this pooled similarity (or with a shared author) a candidate is worth a digest's personal picks.</summary>
    public float RelevantFrom { get; init; } = 0.25f;
}
