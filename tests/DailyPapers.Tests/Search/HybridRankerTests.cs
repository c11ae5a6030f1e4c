using DailyPapers.Papers;
using DailyPapers.Search;
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

    [Fact]
    public void A_short_query_gives_the_vectors_less_weight_than_a_long_one()
    {
        // keyword: a 1, b 0.5, c 0; vector: c 1, d 0.75, a 0 (min-max).
        var options = new FusionOptions();
        var shortQuery = HybridRanker.Fuse(SearchQuery.Parse("magma chamber"), Keyword, Vector, options);
        var longQuery = HybridRanker.Fuse(SearchQuery.Parse("seismic data bound the depth of the magma chamber under an erupting volcano"), Keyword, Vector, options);

        // Short: 0.8 × keyword + 0.2 × vector: a 0.8, b 0.4, c 0.2, d 0.15. Long: 0.5/0.5 as before.
        Assert.Equal(["a", "b", "c", "d"], shortQuery.Select(h => h.Id));
        Assert.Equal([0.8, 0.4, 0.2, 0.15], shortQuery.Select(h => Math.Round(h.Score, 6)));
        Assert.Equal(["a", "c", "d", "b"], longQuery.Select(h => h.Id));
    }

    [Fact]
    public void A_paper_whose_title_holds_every_word_stays_first_whatever_the_vectors_say()
    {
        // A typed title: the vectors prefer a paper on the same topic. Min-max keyword a 1, b 0.98; vector b 1, a 0.
        var title = SearchQuery.Parse("seismic data bound the depth of the magma chamber under an erupting volcano");
        KeywordHit[] close = [new("a", 10), new("b", 9.8f), new("z", 0)];
        VectorHit[] vector = [new("b", 0.9f), new("c", 0.6f), new("a", 0.3f)];

        Assert.Equal(["a", "b"], HybridRanker.Fuse(title, close, vector, new FusionOptions(), titleHoldsQuery: true).Take(2).Select(h => h.Id));
        Assert.Equal("b", HybridRanker.Fuse(title, close, vector, new FusionOptions())[0].Id);   // a claim, not a title: the fusion decides
        Assert.Equal("b", HybridRanker.Fuse(title, close, vector, new FusionOptions { KeywordLead = 0 }, titleHoldsQuery: true)[0].Id);

        // Two words many titles hold: the title's paper stays first only when it leads by KeywordLead (1.05).
        var words = SearchQuery.Parse("magma chamber");
        var options = new FusionOptions { ShortVectorWeight = 0.5, ShortKeywordGate = 0, ShortTitleKeywordOnly = 0 };
        Assert.Equal("a", HybridRanker.Fuse(words, [new("a", 10), new("b", 9), new("z", 0)], vector, options, titleHoldsQuery: true)[0].Id);
        Assert.Equal("b", HybridRanker.Fuse(words, close, vector, options, titleHoldsQuery: true)[0].Id);
    }

    [Fact]
    public void A_short_query_a_title_holds_is_ranked_by_its_words_and_needs_no_query_vector()
    {
        // The vectors would put b first (weight 0.5: a 0.5, b 0.98); the words of a's title rank a, b, z.
        KeywordHit[] keyword = [new("a", 10), new("b", 9.8f), new("z", 0)];
        VectorHit[] vector = [new("b", 0.9f), new("c", 0.6f), new("a", 0.3f)];
        var words = SearchQuery.Parse("magma chamber");
        var options = new FusionOptions { ShortVectorWeight = 0.5, KeywordLead = 0, ShortTitleKeywordOnly = 1 };

        Assert.False(HybridRanker.UsesVectors(words, keyword, options, namesAuthor: false, titleHoldsQuery: true));
        Assert.Equal(["a", "b", "z"], HybridRanker.Fuse(words, keyword, vector, options, titleHoldsQuery: true).Select(h => h.Id));

        // No title holds the words, the title must lead by more than it does, the feature is off, or the query is long: the vectors take part.
        Assert.True(HybridRanker.UsesVectors(words, keyword, options, namesAuthor: false, titleHoldsQuery: false));
        Assert.Equal("b", HybridRanker.Fuse(words, keyword, vector, options)[0].Id);
        Assert.True(HybridRanker.UsesVectors(words, keyword, options.With(f => f.ShortTitleKeywordOnly = 1.05), namesAuthor: false, titleHoldsQuery: true));
        Assert.True(HybridRanker.UsesVectors(words, keyword, options.With(f => f.ShortTitleKeywordOnly = 0), namesAuthor: false, titleHoldsQuery: true));
        var claim = SearchQuery.Parse("seismic data bound the depth of the magma chamber under an erupting volcano");
        Assert.True(HybridRanker.UsesVectors(claim, keyword, options, namesAuthor: false, titleHoldsQuery: true));

        // Vectors that would weigh nothing (a name, by default) are not asked for either; an id or a query of prefixes alone has none.
        Assert.False(HybridRanker.UsesVectors(SearchQuery.Parse("zhang supervision"), keyword, options, namesAuthor: true, titleHoldsQuery: false));
        Assert.False(HybridRanker.UsesVectors(SearchQuery.Parse("2310.06110"), keyword, options, namesAuthor: false, titleHoldsQuery: false));
        Assert.False(HybridRanker.UsesVectors(SearchQuery.Parse("cat:cs.LG"), keyword, options, namesAuthor: false, titleHoldsQuery: false));
    }

    [Fact]
    public void A_query_naming_people_gives_the_vectors_little_weight()
    {
        // keyword a 1, b 0.8, z 0; vector b 1, c 0.5, z 0. Weight 0.2: a 0.8, b 0.84. Weight 0: a 1, b 0.8.
        KeywordHit[] keyword = [new("a", 10), new("b", 9), new("z", 5)];
        VectorHit[] vector = [new("b", 0.9f), new("c", 0.6f), new("z", 0.3f)];
        var options = new FusionOptions { KeywordLead = 0 };

        Assert.Equal("b", HybridRanker.Fuse(SearchQuery.Parse("zhang supervision"), keyword, vector, options)[0].Id);
        Assert.Equal("a", HybridRanker.Fuse(SearchQuery.Parse("zhang supervision"), keyword, vector, options, namesAuthor: true)[0].Id);
    }

    [Fact]
    public void A_paper_the_words_match_weakly_cannot_ride_its_vector_past_strong_matches_of_a_short_query()
    {
        // Min-max keyword a 1, b 0.86, c 0; vector c 1, d 0.92, b 0.5, a 0. Weight 0.6: b 0.64, c 0.6, d 0.55, a 0.4.
        KeywordHit[] keyword = [new("a", 10), new("b", 9), new("c", 3)];
        VectorHit[] vector = [new("c", 0.9f), new("d", 0.85f), new("b", 0.6f), new("a", 0.3f)];
        var query = SearchQuery.Parse("magma chamber");
        var open = new FusionOptions { ShortVectorWeight = 0.6, ShortKeywordGate = 0 };
        var gated = open.With(f => f.ShortKeywordGate = 0.8);

        var before = HybridRanker.Fuse(query, keyword, vector, open).Select(h => h.Id).ToList();
        var after = HybridRanker.Fuse(query, keyword, vector, gated).Select(h => h.Id).ToList();

        Assert.True(before.IndexOf("c") < before.IndexOf("a"), string.Join(",", before));
        Assert.Equal(["b", "a", "c", "d"], after);   // b and a hold ≥ 0.8 × 10 and keep their fused order; c, d follow
    }

    [Fact]
    public void A_query_naming_a_paper_is_answered_by_the_keyword_ranking_alone()
    {
        var fused = HybridRanker.Fuse(SearchQuery.Parse("https://arxiv.org/abs/2310.06110v2"), [new("2310.06110", 3)], Vector, new FusionOptions());

        Assert.Equal(["2310.06110"], fused.Select(h => h.Id));
    }

    [Theory]
    [InlineData("2310.06110v2", "2310.06110", null)]
    [InlineData("arXiv:hep-th/9901001", "hep-th/9901001", null)]
    [InlineData("https://doi.org/10.48550/arXiv.2310.06110", "2310.06110", null)]
    [InlineData("doi:10.1103/PhysRevD.1.1", null, "10.1103/physrevd.1.1")]
    [InlineData("10.1000/xyz%2F1", null, "10.1000/xyz/1")]
    public void Identifiers_are_read_from_what_people_paste(string typed, string? arxivId, string? doi)
    {
        Assert.Equal(new PaperIdentifier(arxivId, doi), SearchQuery.Parse(typed).Identifier);
    }

    [Theory]
    [InlineData("mean field")]
    [InlineData("2310.06110 transformers")]
    [InlineData("10.1000")]
    public void Other_queries_name_no_paper(string typed) => Assert.Null(SearchQuery.Parse(typed).Identifier);
}
