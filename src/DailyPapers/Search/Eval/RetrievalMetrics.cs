using System.Text.Json.Serialization;

namespace DailyPapers.Search.Eval;

/// <summary>The three figures reported per method, averaged over the judged queries.</summary>
public sealed record MethodScores(
    [property: JsonPropertyName("ndcg@10")] double Ndcg10,
    [property: JsonPropertyName("recall@100")] double Recall100,
    [property: JsonPropertyName("mrr@10")] double Mrr10);

/// <summary>
/// Ranking metrics as BEIR reports them (pytrec_eval): nDCG with linear gains (the judged grade) and
/// log2(rank + 1) discounts against the ideal ordering of the judgements; recall of the documents judged
/// relevant (grade &gt; 0); reciprocal rank of the first relevant document, 0 when none is in the cut-off.
/// </summary>
public static class RetrievalMetrics
{
    public static double Ndcg(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judged, int k)
    {
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            if (judged.TryGetValue(ranking[i], out var grade) && grade > 0)
            {
                dcg += grade / Math.Log2(i + 2);
            }
        }
        var ideal = judged.Values.Where(g => g > 0).OrderByDescending(g => g).Take(k).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    }

    public static double Recall(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judged, int k)
    {
        var relevant = judged.Count(j => j.Value > 0);
        return relevant == 0 ? 0 : (double)ranking.Take(k).Count(id => judged.TryGetValue(id, out var g) && g > 0) / relevant;
    }

    public static double ReciprocalRank(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judged, int k)
    {
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            if (judged.TryGetValue(ranking[i], out var grade) && grade > 0)
            {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    /// <summary>nDCG@10, recall@100 and MRR@10 averaged over the queries (each query's ranking against its judgements).</summary>
    public static MethodScores Average(IEnumerable<(IReadOnlyList<string> Ranking, IReadOnlyDictionary<string, int> Judged)> queries)
    {
        var list = queries.ToList();
        if (list.Count == 0)
        {
            return new MethodScores(0, 0, 0);
        }
        return new MethodScores(
            list.Average(q => Ndcg(q.Ranking, q.Judged, 10)),
            list.Average(q => Recall(q.Ranking, q.Judged, 100)),
            list.Average(q => ReciprocalRank(q.Ranking, q.Judged, 10)));
    }
}

/// <summary>Figures for queries that each look for one paper (or any of a few): found first, found in the top 10, and MRR@10.</summary>
public sealed record KnownItemScores(
    [property: JsonPropertyName("success@1")] double Success1,
    [property: JsonPropertyName("success@10")] double Success10,
    [property: JsonPropertyName("mrr@10")] double Mrr10)
{
    public static KnownItemScores Average(IEnumerable<(IReadOnlyList<string> Ranking, IReadOnlyList<string> Targets)> queries)
    {
        var ranks = queries.Select(q => IndexOf(q.Ranking, q.Targets)).ToList();
        if (ranks.Count == 0)
        {
            return new KnownItemScores(0, 0, 0);
        }
        return new KnownItemScores(
            ranks.Average(r => r == 0 ? 1.0 : 0),
            ranks.Average(r => r is >= 0 and < 10 ? 1.0 : 0),
            ranks.Average(r => r is >= 0 and < 10 ? 1.0 / (r + 1) : 0));
    }

    private static int IndexOf(IReadOnlyList<string> ranking, IReadOnlyList<string> targets)
    {
        for (var i = 0; i < ranking.Count; i++)
        {
            if (targets.Contains(ranking[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
