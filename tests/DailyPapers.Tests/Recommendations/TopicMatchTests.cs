using DailyPapers.Recommendations;
using DailyPapers.Recommendations.Model;

namespace DailyPapers.Tests.Recommendations;

/// <summary>A reader's topics (saved searches) match a paper only when every part of one holds.</summary>
public sealed class TopicMatchTests
{
    private static readonly ModelPaper Graphs = Paper("2612.00201", "Graph neural networks for molecules",
        "Message passing on molecular graphs predicts binding energies.", ["Ada Lovelace", "Ben Byte"], ["cs.LG", "q-bio.BM"]);
    private static readonly ModelPaper Networks = Paper("2612.00202", "Neural networks on a graph of roads",
        "A graph of city roads and a neural network forecast traffic.", ["Cy Road"], ["cs.AI"]);
    private static readonly ModelPaper Speech = Paper("2612.00203", "Speech recognition in noisy rooms",
        "We recognise speech recorded in noisy rooms with a small model.", ["Di Sound"], ["eess.AS"]);

    private static readonly ModelPaper[] Papers = [Graphs, Networks, Speech];

    private static ModelPaper Paper(string id, string title, string text, string[] authors, string[] categories) => new(new PaperFacts
    {
        ArxivId = id, Title = title, Abstract = text, Authors = authors, Categories = categories, PublishedAt = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc),
    }, Vector: null);

    [Theory]
    [InlineData("graph neural", "2612.00201,2612.00202")]
    [InlineData("\"graph neural\"", "2612.00201")]
    [InlineData("ti:molecules", "2612.00201")]
    [InlineData("binding", "2612.00201")]
    [InlineData("cat:q-bio", "2612.00201")]
    [InlineData("cat:cs.AI", "2612.00202")]
    [InlineData("cat:cs.A", "")]
    [InlineData("au:lovelace", "2612.00201")]
    [InlineData("au:lovelace cat:cs.AI", "")]
    [InlineData("speech recognition", "2612.00203")]
    [InlineData("the of and", "")]
    [InlineData("", "")]
    public void A_paper_matches_a_topic_when_every_part_of_it_holds(string topic, string expected)
    {
        var matched = TopicMatch.Match([topic], Papers);

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), matched.Keys.Order(StringComparer.Ordinal));
        Assert.All(matched.Values, t => Assert.Equal(topic, t));
    }

    [Fact]
    public void A_paper_matching_several_topics_names_the_first()
    {
        var matched = TopicMatch.Match(["cat:cs.LG", "molecules", "traffic"], Papers);

        Assert.Equal(new Dictionary<string, string> { [Graphs.ArxivId] = "cat:cs.LG", [Networks.ArxivId] = "traffic" }, matched);
    }
}
