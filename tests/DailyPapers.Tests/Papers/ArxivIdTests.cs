using DailyPapers.Papers;

namespace DailyPapers.Tests.Papers;

public sealed class ArxivIdTests
{
    [Theory]
    [InlineData("2310.06110", "2310.06110", null)]
    [InlineData("2310.06110v2", "2310.06110", 2)]
    [InlineData("arXiv:2310.06110", "2310.06110", null)]
    [InlineData("  arxiv:2310.06110v3 ", "2310.06110", 3)]
    [InlineData("https://arxiv.org/abs/2310.06110v2", "2310.06110", 2)]
    [InlineData("https://arxiv.org/pdf/2310.06110.pdf", "2310.06110", null)]
    [InlineData("http://export.arxiv.org/abs/2310.06110?context=cs", "2310.06110", null)]
    [InlineData("0704.0001", "0704.0001", null)]
    [InlineData("hep-th/9901001", "hep-th/9901001", null)]
    [InlineData("hep-th/9901001v2", "hep-th/9901001", 2)]
    [InlineData("math.GT/0309136", "math/0309136", null)]
    [InlineData("https://arxiv.org/abs/quant-ph/0201082v1", "quant-ph/0201082", 1)]
    public void Parses_what_people_paste(string input, string id, int? version)
    {
        Assert.True(ArxivId.TryParse(input, out var parsed));
        Assert.Equal(id, parsed.Id);
        Assert.Equal(version, parsed.Version);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("2310.061")]
    [InlineData("2313.06110")]
    [InlineData("2310.06110v0")]
    [InlineData("2310.06110; DROP TABLE papers")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("https://example.org/abs/2310.06110")]
    public void Rejects_what_is_not_an_id(string? input) => Assert.False(ArxivId.TryParse(input, out _));
}
