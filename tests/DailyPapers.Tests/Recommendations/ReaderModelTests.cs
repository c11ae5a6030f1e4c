using DailyPapers.Recommendations;
using DailyPapers.Recommendations.Model;
using DailyPapers.Search.Semantic;

namespace DailyPapers.Tests.Recommendations;

/// <summary>The reader's model over real MiniLM embeddings of papers on clearly different topics.</summary>
public sealed class ReaderModelTests
{
    private static readonly TextEmbedder Embedder = new(EmbeddingModel.MiniLM);
    private static readonly DateTime Day = new(2026, 3, 2, 20, 0, 0, DateTimeKind.Utc);

    private static readonly ModelPaper Qkd = Paper("2602.00001", "Entangled photons for quantum key distribution",
        "Pairs of entangled photons distribute secret keys over fibre. We measure Bell violations over 50 km and bound what an eavesdropper can learn.",
        ["Carla Müller", "Dan Qubit"], "quant-ph");
    private static readonly ModelPaper Attention = Paper("2602.00002", "Attention is a retrieval mechanism in language models",
        "Large language models built from transformer layers retrieve facts with attention heads. We locate the heads that copy tokens from the context.",
        ["Finn Vaswani"], "cs.CL");

    private static readonly ModelPaper Satellite = Paper("2603.00011", "Quantum key distribution from a satellite with entangled photon pairs",
        "A satellite sends entangled photons to two ground stations 1,200 km apart; the pairs violate Bell's inequality and yield a secret key.",
        ["Ivy Orbit"], "quant-ph", upvotes: 1);
    private static readonly ModelPaper Heads = Paper("2603.00012", "Which attention heads of a transformer recall facts",
        "We probe the attention heads of large language models and find a few that retrieve stored facts from earlier tokens of the context.",
        ["Lea Probe"], "cs.CL", upvotes: 2);
    private static readonly ModelPaper Induction = Paper("2603.00013", "Induction heads copy tokens in language models",
        "Attention heads in transformer language models learn to copy a token that followed an earlier occurrence of the current token.",
        ["Mo Copy"], "cs.CL");
    private static readonly ModelPaper Pastry = Paper("2603.00014", "Laminated dough and the rise of croissants",
        "Butter layers in laminated dough turn to steam in the oven; we relate the number of folds to the rise and flakiness of croissants.",
        ["Jo Baker"], "physics.chem-ph", upvotes: 5);
    private static readonly ModelPaper Glaciers = Paper("2603.00015", "Glacier retreat measured from space",
        "Satellite altimetry over two decades shows glaciers losing mass faster at lower altitudes; we separate melting from changes in snowfall.",
        ["Kai Ice"], "physics.geo-ph", upvotes: 5, daysLater: 1);
    private static readonly ModelPaper Volcano = Paper("2603.00016", "Magma temperature beneath an erupting volcano",
        "Seismic and thermal data from an erupting volcano bound the temperature of the magma chamber and the rate at which lava reaches the surface.",
        ["Carla Muller", "Hal Crater"], "physics.geo-ph");

    private static readonly ModelPaper[] Candidates = [Satellite, Heads, Induction, Pastry, Glaciers, Volcano];

    private static ModelPaper Paper(string id, string title, string text, string[] authors, string category, int upvotes = 0, int daysLater = 0) =>
        new(new PaperFacts
        {
            ArxivId = id,
            Title = title,
            Authors = authors,
            Categories = [category],
            PublishedAt = Day.AddDays(daysLater),
            Upvotes = upvotes,
        }, Embedder.EmbedDocuments([TextEmbedder.DocumentText(title, text)])[0]);

    private static IReadOnlyList<RankedPaper> Rank(ModelSettings? settings, params ReaderSignal[] signals)
    {
        var papers = new[] { Qkd, Attention }.Concat(Candidates).ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
        var model = ReaderModel.Build(signals, papers, PaperSpace.Raw, settings);
        return model.Rank(CandidateSet.Prepare(Candidates, PaperSpace.Raw));
    }

    private static ReaderSignal Saved(ModelPaper p) => new(p.ArxivId, SignalKind.Saved, Day.AddDays(-10));

    [Fact]
    public void A_reader_who_saved_two_papers_gets_the_papers_like_them_first_each_because_of_the_right_one()
    {
        var ranked = Rank(new ModelSettings { UseAuthors = false }, Saved(Qkd), Saved(Attention));

        Assert.Equal(6, ranked.Count);
        Assert.Equal([Satellite.ArxivId, Heads.ArxivId, Induction.ArxivId], ranked.Take(3).Select(r => r.ArxivId).Order(StringComparer.Ordinal));
        var satellite = ranked.Single(r => r.ArxivId == Satellite.ArxivId);
        Assert.Equal(new RecommendationReason(ReasonKind.Saved, Qkd.ArxivId, Qkd.Facts.Title), satellite.Reason);
        Assert.Equal($"Because you saved “{Qkd.Facts.Title}”", satellite.Reason.Text);
        Assert.Equal(Attention.ArxivId, ranked.Single(r => r.ArxivId == Heads.ArxivId).Reason.PaperId);
        Assert.True(satellite.Relevant);
        Assert.False(ranked.Single(r => r.ArxivId == Pastry.ArxivId).Relevant);
    }

    [Fact]
    public void Not_interested_sends_the_paper_last_and_pulls_papers_like_it_down_at_once()
    {
        var before = Rank(null, Saved(Qkd), Saved(Attention));
        var marked = new ReaderSignal(Heads.ArxivId, SignalKind.NotInterested, Day);

        var after = Rank(null, Saved(Qkd), Saved(Attention), marked);

        Assert.Equal(Heads.ArxivId, after[^1].ArxivId);
        Assert.Equal(ReasonKind.NotInterested, after[^1].Reason.Kind);
        // The other paper on attention heads loses far more than papers on other topics.
        float Drop(ModelPaper p) => before.Single(r => r.ArxivId == p.ArxivId).Score - after.Single(r => r.ArxivId == p.ArxivId).Score;
        Assert.True(Drop(Induction) > 0.2f, $"induction heads lost {Drop(Induction)}");
        Assert.All(new[] { Satellite, Pastry, Glaciers, Volcano }, p => Assert.True(Drop(p) < Drop(Induction) / 3, $"{p.Facts.Title} lost {Drop(p)}"));
        Assert.Equal(Satellite.ArxivId, after[0].ArxivId);
    }

    [Fact]
    public void A_new_paper_by_an_author_of_a_saved_paper_rises_and_says_so()
    {
        var without = Rank(new ModelSettings { UseAuthors = false }, Saved(Qkd)).Select(r => r.ArxivId).ToList();
        var with = Rank(null, Saved(Qkd));

        var volcano = with.Single(r => r.ArxivId == Volcano.ArxivId);
        Assert.True(with.ToList().IndexOf(volcano) < without.IndexOf(Volcano.ArxivId));
        Assert.Equal(new RecommendationReason(ReasonKind.Author, Qkd.ArxivId, Qkd.Facts.Title, "Carla Müller"), volcano.Reason);
        Assert.True(volcano.Relevant);
    }

    [Fact]
    public void A_reader_without_signals_gets_the_most_upvoted_papers_then_the_newest()
    {
        var ranked = Rank(null);

        Assert.Equal([Glaciers.ArxivId, Pastry.ArxivId, Heads.ArxivId, Satellite.ArxivId], ranked.Take(4).Select(r => r.ArxivId));
        Assert.All(ranked, r => Assert.Equal(ReasonKind.Popular, r.Reason.Kind));
        Assert.All(ranked, r => Assert.False(r.Relevant));
    }

    [Fact]
    public void Papers_the_reader_already_has_are_ranked_but_never_picked()
    {
        var papers = new[] { Qkd, Attention }.Concat(Candidates).ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
        var model = ReaderModel.Build([Saved(Qkd), new ReaderSignal(Satellite.ArxivId, SignalKind.Upvoted, Day)], papers, PaperSpace.Raw);
        var candidates = CandidateSet.Prepare(Candidates, PaperSpace.Raw);

        Assert.Equal(ReasonKind.Known, model.Rank(candidates).Single(r => r.ArxivId == Satellite.ArxivId).Reason.Kind);
        Assert.DoesNotContain(model.Picks(candidates, 10), r => r.ArxivId == Satellite.ArxivId);
        Assert.All(model.Picks(candidates, 10), r => Assert.True(r.Relevant));
    }

    [Fact]
    public void Rare_words_the_readers_paper_shares_with_a_candidate_lift_it_when_there_are_no_embeddings()
    {
        static ModelPaper Words(string id, string title, string text) => new(new PaperFacts
        {
            ArxivId = id, Title = title, Abstract = text, Authors = [$"Writer {id}"], Categories = ["cs.LG"], PublishedAt = Day,
        }, Vector: null);
        var mine = Words("2602.00100", "Sinkhorn barycenters of histograms", "We compute entropic Wasserstein barycenters with Sinkhorn iterations on the GPU.");
        var candidates = new[]
        {
            Words("2603.00101", "Scaling laws for language models", "We train language models of many sizes and fit scaling laws to their loss."),
            Words("2603.00102", "Faster Sinkhorn iterations for Wasserstein barycenters", "Entropic Wasserstein barycenters of many histograms computed with fewer Sinkhorn iterations."),
            Words("2603.00103", "A benchmark for image classification", "We collect images in many classes and measure the accuracy of common models."),
        };
        var papers = candidates.Append(mine).ToDictionary(p => p.ArxivId, StringComparer.Ordinal);

        var ranked = ReaderModel.Build([Saved(mine)], papers, PaperSpace.Raw).Rank(CandidateSet.Prepare(candidates, PaperSpace.Raw));

        Assert.Equal("2603.00102", ranked[0].ArxivId);
        Assert.True(ranked[0].Score > ranked[1].Score);
        Assert.Equal(new RecommendationReason(ReasonKind.Topic, Topic: "cs.LG"), ranked[0].Reason);
    }

    [Fact]
    public void A_topic_of_the_readers_subscription_lifts_its_papers_above_unrelated_ones_and_says_which()
    {
        var papers = new[] { Qkd, Attention }.Concat(Candidates).ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
        var without = ReaderModel.Build([Saved(Attention)], papers, PaperSpace.Raw).Rank(CandidateSet.Prepare(Candidates, PaperSpace.Raw));
        var topics = TopicMatch.Match(["croissants", "cat:physics.geo-ph au:zhang"], CandidateSet.Prepare(Candidates, PaperSpace.Raw));
        var with = ReaderModel.Build([Saved(Attention)], papers, PaperSpace.Raw, topics: topics).Rank(CandidateSet.Prepare(Candidates, PaperSpace.Raw));

        Assert.Equal(new Dictionary<string, string> { [Pastry.ArxivId] = "croissants" }, topics);
        // The croissant paper is the least like the reader's paper; the topic lifts it above the other unrelated
        // papers, not above the two papers like the one the reader saved.
        Assert.Equal(Pastry.ArxivId, without[^1].ArxivId);
        Assert.Equal([Heads.ArxivId, Induction.ArxivId], with.Take(2).Select(r => r.ArxivId).Order(StringComparer.Ordinal));
        Assert.Equal(Pastry.ArxivId, with[2].ArxivId);
        Assert.Equal(new RecommendationReason(ReasonKind.Topic, Topic: "croissants"), with[2].Reason);
        Assert.True(with[2].Relevant);
    }
}
