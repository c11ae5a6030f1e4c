using DailyPapers.Demo;
using DailyPapers.Papers;
using DailyPapers.Search.Eval;
using DailyPapers.Search.Hybrid;
using DailyPapers.Search.Keyword;
using DailyPapers.Search.Semantic;

namespace DailyPapers.Tests.Search;

/// <summary>
/// The demo catalogue (234 papers, real vectors), indexed and ranked by the product's code: the queries a new user
/// typed in issue 17 put the obvious paper first, with vectors and without.
/// </summary>
public sealed class DemoCatalogueRankingTests(DemoCatalogueRankingTests.Catalogue demo) : IClassFixture<DemoCatalogueRankingTests.Catalogue>
{
    /// <summary>The demo papers in the keyword index and the vector index, embedded once for the class.</summary>
    public sealed class Catalogue : IDisposable
    {
        public Catalogue()
        {
            using var seed = DemoContent.Open(DemoContent.SeedResource);
            using var snapshot = DemoContent.Open(DemoContent.SnapshotResource);
            Papers = DemoContent.ReadSeed(seed).Papers.Select(p => p.Paper).Concat(DemoContent.ReadSnapshot(snapshot).Papers).DistinctBy(p => p.ArxivId).ToList();
            var corpus = Papers.Select(p => new BeirDocument(p.ArxivId, PaperText.Display(p.Title), PaperText.Display(p.Abstract))
            {
                Authors = p.Authors.Select(a => a.Name).ToList(),
                Categories = p.Categories,
            }).ToList();
            var embedder = new TextEmbedder(EmbeddingModel.MiniLM);
            var vectors = embedder.EmbedDocuments(corpus.Select(d => TextEmbedder.DocumentText(d.Title, d.Text)).ToList());
            var byId = corpus.Select((d, i) => (d.Id, vectors[i])).ToDictionary(x => x.Id, x => x.Item2);
            Index = SearchEvaluation.Build(corpus, embedder, byId);
            Before = SearchEvaluation.Build(corpus, embedder, byId, new SearchEvaluation.Knobs { Weights = RankingWeights.None });
        }

        public IReadOnlyList<Paper> Papers { get; }
        public SearchEvaluation Index { get; }

        /// <summary>The same catalogue ranked by the combined field alone.</summary>
        public SearchEvaluation Before { get; }

        public void Dispose()
        {
            Index.Dispose();
            Before.Dispose();
        }
    }

    private string Title(string id) => demo.Papers.Single(p => p.ArxivId == id).Title;

    [Theory]
    // A title holding the phrase ("Learning Mean Field Games…", "…mean-field potential"), not one holding "means".
    [InlineData("mean field", "(?i)mean.field")]
    // "MeanFlow Transformers…" (about attention in diffusion transformers), not "…Cosine Transforms" (the stem).
    [InlineData("transformer attention", "^MeanFlow Transformers")]
    // The demo has no title with "diffusion"; the diffusion paper, not "Eternal inflation…".
    [InlineData("diffusion models", "^MeanFlow Transformers")]
    public void Short_queries_put_the_obvious_paper_first(string query, string title)
    {
        var runs = demo.Index.Run([query]);

        Assert.Matches(title, Title(runs.Hybrid(new FusionOptions()).Single()[0]));
    }

    [Fact]
    public void Without_the_short_query_clauses_a_single_stem_won()
    {
        // The ranking before issue 17 (the combined field alone, min-max fusion at an even weight) put
        // "Intersection Bodies and Generalized Cosine Transforms" (the stem "transform") first.
        var before = demo.Before.Run(["transformer attention"]);

        Assert.Equal("Intersection Bodies and Generalized Cosine Transforms", Title(before.Keyword().Single()[0]));
        Assert.DoesNotContain("Transformer", Title(before.Hybrid(new FusionOptions { ShortQueryWords = 0 }).Single()[0]), StringComparison.Ordinal);
    }
}
