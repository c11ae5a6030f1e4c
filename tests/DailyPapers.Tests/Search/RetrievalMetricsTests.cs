using DailyPapers.Search.Eval;

namespace DailyPapers.Tests.Search;

public sealed class RetrievalMetricsTests
{
    private static readonly Dictionary<string, int> Judged = new() { ["a"] = 2, ["b"] = 1, ["z"] = 0 };

    [Fact]
    public void Ndcg_uses_graded_gains_and_log2_discounts()
    {
        // DCG = 1/log2(3) (b at rank 2) + 2/log2(4) (a at rank 3) = 0.63093 + 1 ; ideal = 2 + 1/log2(3) = 2.63093.
        Assert.Equal(1.63093 / 2.63093, RetrievalMetrics.Ndcg(["x", "b", "a"], Judged, 10), 4);
        Assert.Equal(1.0, RetrievalMetrics.Ndcg(["a", "b"], Judged, 10), 12);
        Assert.Equal(0.0, RetrievalMetrics.Ndcg(["a", "b"], Judged, 0), 12);
        // Cut-off: a at rank 3 is outside @2.
        Assert.Equal(0.63093 / 2.63093, RetrievalMetrics.Ndcg(["x", "b", "a"], Judged, 2), 4);
    }

    [Fact]
    public void Recall_counts_only_relevant_judgements()
    {
        Assert.Equal(0.5, RetrievalMetrics.Recall(["z", "b", "q"], Judged, 100), 12);
        Assert.Equal(1.0, RetrievalMetrics.Recall(["a", "b"], Judged, 100), 12);
        Assert.Equal(0.5, RetrievalMetrics.Recall(["a", "b"], Judged, 1), 12);
    }

    [Fact]
    public void Reciprocal_rank_is_that_of_the_first_relevant_result_within_the_cut_off()
    {
        Assert.Equal(1.0 / 3, RetrievalMetrics.ReciprocalRank(["z", "x", "b", "a"], Judged, 10), 12);
        Assert.Equal(0.0, RetrievalMetrics.ReciprocalRank(["z", "x", "b"], Judged, 2), 12);
    }

    [Fact]
    public void Averages_are_per_query_means()
    {
        var scores = RetrievalMetrics.Average([(["a", "b"], Judged), (["x"], Judged)]);

        Assert.Equal(new MethodScores(0.5, 0.5, 0.5), scores);
    }
}
