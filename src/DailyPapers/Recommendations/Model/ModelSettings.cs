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
    public float Temperature { get; init; } = 0.1f;

    /// <summary>A signal's weight halves every this many days before the reader's latest signal (0: all count the same).</summary>
    public float HalfLifeDays { get; init; }

    /// <summary>Weight of the lexical similarity (tf-idf cosine to the centre of the reader's papers); 0 leaves words out.</summary>
    public float LexicalWeight { get; init; } = 1f;

    /// <summary>
    /// Power of the words' idf in the lexical similarity: above 1 rare words weigh more than plain tf-idf says (a
    /// reader's papers share their rare terms, such as names of methods and data sets, with their next ones).
    /// </summary>
    public float IdfPower { get; init; } = 1.5f;

    /// <summary>
    /// Score added per doubling of how many of the reader's papers a candidate's best-known author wrote (on the
    /// benchmark's with-authors split, claimed profiles: 0.3 gave nDCG@10 0.472, 0.6 0.580, 1.2 0.621; 0.6 keeps a
    /// co-author's paper on an unrelated topic from beating every close paper).
    /// </summary>
    public float AuthorWeight { get; init; } = 0.6f;

    /// <summary>Whether author names count at all (the benchmark's "text only" variant turns them off).</summary>
    public bool UseAuthors { get; init; } = true;

    /// <summary>How strongly similarity to papers marked "not interested" pulls a candidate down.</summary>
    public float NotInterestedWeight { get; init; } = 0.5f;

    /// <summary>
    /// Score added to a candidate matching one of the reader's topics (their digest subscription's saved searches):
    /// about the gap between a close paper and a loosely related one. Not tuned offline: the benchmark's readers
    /// have no topics.
    /// </summary>
    public float TopicWeight { get; init; } = 0.1f;

    /// <summary>Below this similarity to the nearest of the reader's papers a candidate is only loosely like the reader's papers: its reason is their topic.</summary>
    public float TopicBelow { get; init; } = 0.35f;

    /// <summary>From this similarity to the nearest of the reader's papers (or with a shared author) a candidate is worth a digest's personal picks.</summary>
    public float RelevantFrom { get; init; } = 0.25f;
}
