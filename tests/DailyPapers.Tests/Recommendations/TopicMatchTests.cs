using DailyPapers.Recommendations;
using DailyPapers.Recommendations.Model;

namespace DailyPapers.Tests.Recommendations;

/// <summary>
/// A topic (a saved search) matches a paper only when every part of it holds: words and phrases as whole words in a
/// row, case, accents and punctuation aside; categories and their archives; words of one author's name.
/// </summary>
public sealed class TopicMatchTests
{
    private static readonly ModelPaper Graphs = Paper("2612.00201", "Graph neural networks for molecules",
        "Message passing on molecular graphs predicts binding energies.", ["Ada Lovelace", "Ben Byte"], ["cs.LG", "q-bio.BM"]);
    private static readonly ModelPaper Networks = Paper("2612.00202", "Neural networks on a graph of roads",
        "A graph of city roads and a neural network forecast traffic.", ["Cy Road"], ["cs.AI"]);
    private static readonly ModelPaper Speech = Paper("2612.00203", "Speech recognition in noisy rooms",
        "We recognise speech recorded in noisy rooms with a small model.", ["Di Sound"], ["eess.AS"]);
    private static readonly ModelPaper Bridges = Paper("2612.00204", "Self-supervised Schrödinger bridges, judged by GPT-4",
        "We match 3D point clouds (e.g., LiDAR scans) with a bridge between two distributions.", ["José Núñez"], ["math.PR"]);

    private static readonly CandidateSet Candidates = CandidateSet.Prepare([Graphs, Networks, Speech, Bridges], PaperSpace.Raw);

    private static ModelPaper Paper(string id, string title, string text, string[] authors, string[] categories) => new(new PaperFacts
    {
        ArxivId = id, Title = title, Abstract = text, Authors = authors, Categories = categories, PublishedAt = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc),
    }, Vector: null);

    [Theory]
    // Plain words: each anywhere in the title or abstract, in any order; a quoted phrase: its words in a row, in its order.
    [InlineData("graph neural", "2612.00201,2612.00202")]
    [InlineData("recognition speech", "2612.00203")]
    [InlineData("\"graph neural\"", "2612.00201")]
    [InlineData("\"neural graph\"", "")]
    [InlineData("\"recognition speech\"", "")]
    // A phrase does not run from the title into the abstract.
    [InlineData("\"molecules message\"", "")]
    // Case, accents and punctuation aside: a word with a hyphen is its words in a row.
    [InlineData("GRAPH Neural", "2612.00201,2612.00202")]
    [InlineData("graph-neural", "2612.00201")]
    [InlineData("self supervised", "2612.00204")]
    [InlineData("\"SELF-SUPERVISED schrodinger\"", "2612.00204")]
    [InlineData("schrödinger", "2612.00204")]
    [InlineData("gpt-4", "2612.00204")]
    [InlineData("gpt-3", "")]
    [InlineData("3D lidar", "2612.00204")]
    // Whole words only: no part of a longer word, no plural for a singular.
    [InlineData("net", "")]
    [InlineData("network", "2612.00202")]
    [InlineData("graphs", "2612.00201")]
    [InlineData("graph", "2612.00201,2612.00202")]
    // Fields: ti: the title alone, au: one author's name, cat: a category or its archive.
    [InlineData("ti:molecules", "2612.00201")]
    [InlineData("ti:traffic", "")]
    [InlineData("traffic", "2612.00202")]
    [InlineData("cat:q-bio", "2612.00201")]
    [InlineData("cat:cs", "2612.00201,2612.00202")]
    [InlineData("cat:CS.ai", "2612.00202")]
    [InlineData("cat:cs.A", "")]
    [InlineData("au:lovelace", "2612.00201")]
    [InlineData("au:\"ada lovelace\"", "2612.00201")]
    [InlineData("au:\"lovelace byte\"", "")]
    [InlineData("au:nunez", "2612.00204")]
    [InlineData("au:roads", "")]
    // Every part must hold.
    [InlineData("au:lovelace cat:cs.AI", "")]
    [InlineData("cat:cs.LG binding", "2612.00201")]
    [InlineData("speech recognition", "2612.00203")]
    [InlineData("", "")]
    [InlineData("  \" \" ", "")]
    public void A_paper_matches_a_topic_when_every_part_of_it_holds(string topic, string expected)
    {
        var matched = TopicMatch.Match([topic], Candidates);

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), matched.Keys.Order(StringComparer.Ordinal));
        Assert.All(matched.Values, t => Assert.Equal(topic, t));
        Assert.Equal(matched.Keys.Order(StringComparer.Ordinal), new TopicMatch(topic).Among(Candidates).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_paper_matching_several_topics_names_the_first()
    {
        var matched = TopicMatch.Match(["cat:cs.LG", "molecules", "traffic"], Candidates);

        Assert.Equal(new Dictionary<string, string> { [Graphs.ArxivId] = "cat:cs.LG", [Networks.ArxivId] = "traffic" }, matched);
    }
}
