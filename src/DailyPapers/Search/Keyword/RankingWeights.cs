namespace DailyPapers.Search.Keyword;

/// <summary>
/// The clauses a short query adds to the BM25 ranking over the combined field, and their weights. Long queries
/// (more than <see cref="ShortQueryWords"/> words: claims, pasted abstracts) are ranked by the combined field
/// alone, as tuned on SciFact. Chosen on the train halves of the generated sets (README, Search quality).
/// </summary>
public sealed record RankingWeights
{
    /// <summary>Queries of at most this many words get the clauses below.</summary>
    public int ShortQueryWords { get; init; } = 8;

    /// <summary>The query's stemmed words in the title, coordinated: all of them count far more than one.</summary>
    public float Title { get; init; } = 1f;

    /// <summary>The query's words in the title in their exact form (plurals aside), coordinated like <see cref="Title"/>.</summary>
    public float TitleExact { get; init; } = 1f;

    /// <summary>The query's words, as written, as a phrase in the title.</summary>
    public float TitlePhrase { get; init; } = 2f;

    /// <summary>Longer queries get the title phrase clause alone: a whole title typed or pasted is a known item, never a claim.</summary>
    public bool LongTitlePhrase { get; init; } = true;

    /// <summary>
    /// The query's stemmed words within <see cref="ProximitySlop"/> positions of each other in the combined field (title,
    /// abstract, authors, categories; stop words keep their places).
    /// </summary>
    public float Proximity { get; init; } = 0.5f;

    public int ProximitySlop { get; init; } = 4;

    /// <summary>
    /// Each word in its exact form (not its stem) in title and abstract, scored as present or not (the field keeps no
    /// frequencies; 0: on the train halves it only lowered author + topic and two-word queries).
    /// </summary>
    public float Exact { get; init; }

    /// <summary>Words as author names (no accents), and an initial next to a surname (<c>y bengio</c>).</summary>
    public float Author { get; init; } = 2f;

    /// <summary>BM25 parameters of the title fields (short fields, where length should count more).</summary>
    public float TitleK1 { get; init; } = 1.2f;

    public float TitleB { get; init; } = 0.75f;

    /// <summary>
    /// A plain word is common when more than this many papers hold it (and more than <see cref="CommonWordShare"/> of
    /// them): in a query that also has a rarer word, a common word only adds to the score of papers holding a rarer one
    /// (it is not scored over all its postings: Lucene 4.8 has no block-max skipping); in a query of common words
    /// alone, papers must hold them all. When that finds fewer papers than asked for, the full query runs instead.
    /// 0: off. The floor keeps small catalogues (the demo, the evaluation sets) ranked exactly as without it.
    /// </summary>
    public int CommonWordDocs { get; init; } = 5_000;

    /// <summary>The share of the papers above which a word is common (with <see cref="CommonWordDocs"/>).</summary>
    public float CommonWordShare { get; init; } = 0.01f;

    /// <summary>Only the combined field, as before this existed (tuning baseline).</summary>
    public static RankingWeights None { get; } = new() { ShortQueryWords = 0 };
}
