namespace DailyPapers.Recommendations.Model;

/// <summary>
/// Tf-idf over the candidates' own words: a word's weight is (1 + ln count) · (ln((1 + n) / (1 + df)) + 1)^p (p: <see cref="ModelSettings.IdfPower"/>), with df
/// its number of candidates among n; words in more than a tenth of them (the field's common words) are left out. A
/// reader's papers are weighed in the same space, their other words counting as unseen (df 0) for their length.
/// Only words that candidates have can make a candidate similar, so the day's candidates are all the corpus needed.
/// </summary>
internal sealed class TermSpace
{
    private const double MaxDocumentShare = 0.1;

    private readonly Dictionary<string, int> _index;
    private readonly float[] _idf;
    private readonly float _unseenIdf;
    private readonly HashSet<string> _common;

    private TermSpace(Dictionary<string, int> index, float[] idf, float unseenIdf, HashSet<string> common)
    {
        _index = index;
        _idf = idf;
        _unseenIdf = unseenIdf;
        _common = common;
    }

    public int Count => _idf.Length;

    public static TermSpace Of(IReadOnlyList<IReadOnlyDictionary<string, int>> documents, double idfPower)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var doc in documents)
        {
            foreach (var term in doc.Keys)
            {
                df[term] = df.GetValueOrDefault(term) + 1;
            }
        }
        var n = documents.Count;
        var max = Math.Max(2, MaxDocumentShare * n);
        var common = df.Where(t => t.Value > max).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var kept = df.Where(t => t.Value <= max).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
        var index = kept.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        var idf = kept.Select(t => Idf(n, df[t], idfPower)).ToArray();
        return new TermSpace(index, idf, Idf(n, 0, idfPower), common);
    }

    private static float Idf(int n, int df, double power) => (float)Math.Pow(Math.Log((1.0 + n) / (1.0 + df)) + 1.0, power);

    /// <summary>
    /// The document's unit-length weights on the space's words (ascending ids); <paramref name="unseen"/>, when given,
    /// receives its weights on words the space lacks, scaled the same way.
    /// </summary>
    public (int[] Ids, float[] Weights) Weigh(IReadOnlyDictionary<string, int> counts, Dictionary<string, float>? unseen = null)
    {
        var known = new List<(int Id, float Weight)>(counts.Count);
        var outside = new List<(string Term, float Weight)>();
        var squares = 0.0;
        foreach (var (term, count) in counts)
        {
            if (_common.Contains(term))
            {
                continue;
            }
            var tf = 1f + MathF.Log(count);
            if (_index.TryGetValue(term, out var id))
            {
                known.Add((id, tf * _idf[id]));
                squares += (double)tf * _idf[id] * tf * _idf[id];
            }
            else
            {
                outside.Add((term, tf * _unseenIdf));
                squares += (double)tf * _unseenIdf * tf * _unseenIdf;
            }
        }
        var norm = squares > 0 ? (float)Math.Sqrt(squares) : 1f;
        if (unseen is not null)
        {
            foreach (var (term, weight) in outside)
            {
                unseen[term] = unseen.GetValueOrDefault(term) + weight / norm;
            }
        }
        known.Sort((a, b) => a.Id.CompareTo(b.Id));
        return (known.Select(k => k.Id).ToArray(), known.Select(k => k.Weight / norm).ToArray());
    }
}
