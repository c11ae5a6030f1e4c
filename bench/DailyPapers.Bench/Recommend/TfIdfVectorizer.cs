namespace DailyPapers.Bench.Recommend;

/// <summary>A sparse row: term indexes in ascending order with their weights.</summary>
internal sealed record SparseVector(int[] Index, float[] Value)
{
    public float Dot(float[] dense)
    {
        var sum = 0f;
        for (var i = 0; i < Index.Length; i++)
        {
            sum += Value[i] * dense[Index[i]];
        }
        return sum;
    }

    public float DotSparse(SparseVector other)
    {
        float sum = 0;
        int a = 0, b = 0;
        while (a < Index.Length && b < other.Index.Length)
        {
            if (Index[a] == other.Index[b]) { sum += Value[a++] * other.Value[b++]; }
            else if (Index[a] < other.Index[b]) { a++; }
            else { b++; }
        }
        return sum;
    }

    public void AddTo(float[] dense, float scale)
    {
        for (var i = 0; i < Index.Length; i++)
        {
            dense[Index[i]] += Value[i] * scale;
        }
    }

    public float SquaredNorm()
    {
        var sum = 0f;
        foreach (var v in Value)
        {
            sum += v * v;
        }
        return sum;
    }
}

/// <summary>
/// scikit-learn's <c>TfidfVectorizer</c> as arxiv-sanity-lite configures it (compute.py): words and word pairs
/// counted by <see cref="DailyPapers.Recommendations.Model.PaperTerms"/> (the same tokens, stop words and n-grams);
/// terms kept when in at least <c>minDf</c> documents and at most <c>maxDf</c> of them, the <c>maxFeatures</c> most
/// frequent over the corpus; weight (1 + ln tf) · (ln((1 + n) / (1 + df)) + 1), rows scaled to unit length.
/// </summary>
internal sealed class TfIdfVectorizer
{
    private readonly Dictionary<string, int> _terms;
    private readonly float[] _idf;

    private TfIdfVectorizer(Dictionary<string, int> terms, float[] idf)
    {
        _terms = terms;
        _idf = idf;
    }

    public int Dimensions => _idf.Length;

    public static TfIdfVectorizer Fit(IReadOnlyList<string> documents, int minDf = 5, double maxDf = 0.1, int maxFeatures = 20_000)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var doc in documents)
        {
            foreach (var (term, count) in Counts(doc))
            {
                df[term] = df.GetValueOrDefault(term) + 1;
                total[term] = total.GetValueOrDefault(term) + count;
            }
        }
        var maxDocs = maxDf * documents.Count;
        var kept = df.Where(t => t.Value >= minDf && t.Value <= maxDocs)
            .OrderByDescending(t => total[t.Key]).ThenBy(t => t.Key, StringComparer.Ordinal)
            .Take(maxFeatures).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
        var terms = kept.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        var idf = kept.Select(t => (float)(Math.Log((1.0 + documents.Count) / (1.0 + df[t])) + 1.0)).ToArray();
        return new TfIdfVectorizer(terms, idf);
    }

    public SparseVector Transform(string document)
    {
        var row = new SortedDictionary<int, float>();
        foreach (var (term, count) in Counts(document))
        {
            if (_terms.TryGetValue(term, out var index))
            {
                row[index] = (1f + MathF.Log(count)) * _idf[index];
            }
        }
        var norm = MathF.Sqrt(row.Values.Sum(v => v * v));
        return new SparseVector(row.Keys.ToArray(), row.Values.Select(v => norm > 0 ? v / norm : 0).ToArray());
    }

    private static Dictionary<string, int> Counts(string document) => DailyPapers.Recommendations.Model.PaperTerms.Count(document);
}
