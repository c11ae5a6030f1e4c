namespace DailyPapers.Bench.Recommend;

/// <summary>nDCG@k with binary relevance and recall@k of one ranked list.</summary>
internal static class RankingMetrics
{
    public static double Ndcg(IReadOnlyList<int> ranked, IReadOnlySet<int> positives, int k)
    {
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            dcg += positives.Contains(ranked[i]) ? 1 / Math.Log2(i + 2) : 0;
        }
        var ideal = 0.0;
        for (var i = 0; i < Math.Min(k, positives.Count); i++)
        {
            ideal += 1 / Math.Log2(i + 2);
        }
        return ideal == 0 ? 0 : dcg / ideal;
    }

    public static double Recall(IReadOnlyList<int> ranked, IReadOnlySet<int> positives, int k) =>
        positives.Count == 0 ? 0 : (double)ranked.Take(k).Count(positives.Contains) / positives.Count;
}
