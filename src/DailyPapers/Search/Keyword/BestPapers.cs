using Lucene.Net.Search;

namespace DailyPapers.Search.Keyword;

/// <summary>The best papers so far: the worst on top, ties going to the earlier paper (as Lucene's collector does).</summary>
internal sealed class BestPapers(int size)
{
    private readonly PriorityQueue<int, (float Score, int Doc)> _queue = new(size + 1, Comparer<(float Score, int Doc)>.Create(
        (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Doc.CompareTo(a.Doc)));

    public bool Full => _queue.Count >= size;

    /// <summary>The worst score among the best: a later paper must score more to enter.</summary>
    public float Threshold => _queue.TryPeek(out _, out var worst) ? worst.Score : float.NegativeInfinity;

    /// <summary>Counts changes of <see cref="Threshold"/> or <see cref="Full"/>, so callers recompute only then.</summary>
    public long Changes { get; private set; }

    /// <summary>Papers are offered in increasing document order, so a tie with the worst loses.</summary>
    public void Offer(int doc, float score)
    {
        if (!Full)
        {
            _queue.Enqueue(doc, (score, doc));
            Changes++;
        }
        else if (score > Threshold)
        {
            _queue.EnqueueDequeue(doc, (score, doc));
            Changes++;
        }
    }

    public TopDocs ToTopDocs(int total)
    {
        var docs = new ScoreDoc[_queue.Count];
        for (var i = docs.Length - 1; i >= 0; i--)
        {
            _queue.TryDequeue(out var doc, out var key);
            docs[i] = new ScoreDoc(doc, key.Score);
        }
        return new TopDocs(total, docs, docs.Length > 0 ? docs[0].Score : float.NaN);
    }
}
