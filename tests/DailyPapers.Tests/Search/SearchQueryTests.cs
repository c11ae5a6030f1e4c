using DailyPapers.Search;

namespace DailyPapers.Tests.Search;

public sealed class SearchQueryTests
{
    [Fact]
    public void Words_phrases_and_prefixes_become_parts()
    {
        var query = SearchQuery.Parse("graph \"neural network\" au:hinton ti:\"deep belief\" cat:cs.LG");

        Assert.Equal(
        [
            new QueryPart(QueryField.All, "graph", false),
            new QueryPart(QueryField.All, "neural network", true),
            new QueryPart(QueryField.Author, "hinton", false),
            new QueryPart(QueryField.Title, "deep belief", true),
            new QueryPart(QueryField.Category, "cs.LG", false),
        ], query.Parts);
        Assert.Equal("graph neural network", query.FreeText);
        Assert.True(query.HasRequiredParts);
    }

    [Theory]
    [InlineData("\"unbalanced quote", "unbalanced quote")]
    [InlineData("title:(foo AND bar~ OR [baz TO", "title:(foo AND bar~ OR [baz TO")]
    [InlineData("量子 计算", "量子 计算")]
    public void Anything_typed_parses_without_error(string input, string freeText)
    {
        var query = SearchQuery.Parse(input);

        Assert.False(query.IsEmpty);
        Assert.Equal(freeText, query.FreeText);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"\" !!! -- ::")]
    [InlineData(null)]
    public void Input_without_letters_or_digits_is_empty(string? input) => Assert.True(SearchQuery.Parse(input).IsEmpty);

    [Fact]
    public void A_prefix_without_a_value_is_a_plain_word()
    {
        var query = SearchQuery.Parse("au: smith");

        Assert.Equal([new QueryPart(QueryField.All, "au:", false), new QueryPart(QueryField.All, "smith", false)], query.Parts);
    }

    [Fact]
    public void A_very_long_query_is_cut_and_says_so()
    {
        var query = SearchQuery.Parse(string.Join(' ', Enumerable.Repeat("word", 2500)));

        Assert.True(query.Truncated);
        Assert.InRange(query.Parts.Count, 1, SearchQuery.MaxParts);
    }
}
