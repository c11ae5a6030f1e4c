namespace DailyPapers.Bench.Recommend;

/// <summary>Whether a ranking may use author names (recommendations.md's two variants).</summary>
internal enum Variant
{
    TextOnly,
    WithAuthors,
}

/// <summary>The arxiv-daily papers with what the rankings read: tf-idf rows of one variant and MiniLM vectors.</summary>
internal sealed class BenchCatalogue
{
    public BenchCatalogue(IReadOnlyList<ArxivDailyPaper> papers, Variant variant, IReadOnlyDictionary<string, float[]> vectors)
    {
        Papers = papers;
        Variant = variant;
        var documents = papers.Select(p => Document(p, variant)).ToList();
        TfIdf = TfIdfVectorizer.Fit(documents);
        Rows = new SparseVector[papers.Count];
        Parallel.For(0, papers.Count, i => Rows[i] = TfIdf.Transform(documents[i]));
        Vectors = papers.Select(p => vectors.GetValueOrDefault(p.Id)).ToArray();
    }

    public IReadOnlyList<ArxivDailyPaper> Papers { get; }
    public Variant Variant { get; }
    public TfIdfVectorizer TfIdf { get; }
    public SparseVector[] Rows { get; }

    /// <summary>Each paper's MiniLM vector (null when the vector file lacks it).</summary>
    public float[]?[] Vectors { get; }

    /// <summary>arxiv-sanity-lite's text of a paper (compute.py): title, abstract and, with authors, their names.</summary>
    private static string Document(ArxivDailyPaper p, Variant variant) => variant == Variant.WithAuthors
        ? string.Join(' ', p.Title, p.Abstract, string.Join(' ', p.Authors))
        : string.Join(' ', p.Title, p.Abstract);
}
