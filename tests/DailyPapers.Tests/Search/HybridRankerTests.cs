using DailyPapers.Search.Hybrid;
using DailyPapers.Search.Keyword;
using DailyPapers.Search.Semantic;

namespace DailyPapers.Tests.Search;

public sealed class HybridRankerTests
{
    private static readonly KeywordHit[] Keyword = [new("a", 10), new("b", 6), new("c", 2)];
    private static readonly VectorHit[] Vector = [new("c", 0.9f), new("d", 0.8f), new("a", 0.5f)];

    [Fact]
    public void Linear_fusion_adds_min_max_normalised_scores()
    {
        var fused = HybridRanker.Fuse(Keyword, Vector, new FusionOptions { Method = FusionMethod.Linear, VectorWeight = 0.5 });

        // keyword: a 1, b 0.5, c 0; vector: c 1, d 0.75, a 0.
        Assert.Equal(["a", "c", "d", "b"], fused.Select(h => h.Id));
        Assert.Equal([0.5, 0.5, 0.375, 0.25], fused.Select(h => Math.Round(h.Score, 6)));
        Assert.Equal((10f, 0.5f), (fused[0].KeywordScore!.Value, fused[0].VectorScore!.Value));
        Assert.Null(fused[2].KeywordScore);
    }

    [Fact]
    public void Reciprocal_rank_fusion_adds_one_over_k_plus_rank()
    {
        var fused = HybridRanker.Fuse(Keyword, Vector, new FusionOptions { Method = FusionMethod.Rrf, RrfK = 60 });

        Assert.Equal(["a", "c", "b", "d"], fused.Select(h => h.Id));
        Assert.Equal(1.0 / 61 + 1.0 / 63, fused[0].Score, 12);
        Assert.Equal(1.0 / 62, fused[2].Score, 12);
    }

    [Fact]
    public void One_sided_or_empty_rankings_fuse_to_themselves()
    {
        var options = new FusionOptions();
        Assert.Equal(["a", "b", "c"], HybridRanker.Fuse(Keyword, [], options).Select(h => h.Id));
        Assert.Equal(["c", "d", "a"], HybridRanker.Fuse([], Vector, options).Select(h => h.Id));
        Assert.Empty(HybridRanker.Fuse([], [], options));
    }
}
