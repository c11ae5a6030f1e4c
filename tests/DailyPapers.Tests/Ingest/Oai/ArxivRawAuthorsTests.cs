using DailyPapers.Ingest.Oai;

namespace DailyPapers.Tests.Ingest.Oai;

public class ArxivRawAuthorsTests
{
    [Theory]
    [InlineData("D.V. Shetty, S.J. Yennello, and G.A. Souliotis", "D.V. Shetty|S.J. Yennello|G.A. Souliotis")]
    [InlineData("Joshua Berger, Maxim Perelstein, Michael Saelim and Philip Tanedo", "Joshua Berger|Maxim Perelstein|Michael Saelim|Philip Tanedo")]
    [InlineData("Valeria M. Rosa and Patricio S. letelier", "Valeria M. Rosa|Patricio S. letelier")]
    [InlineData("Alexander Anderson and Sandra Andrews", "Alexander Anderson|Sandra Andrews")]
    [InlineData("A. Smith, B. Jones, et al.", "A. Smith|B. Jones")]
    [InlineData("A. Smith et al", "A. Smith")]
    [InlineData("A. Smith; B. Jones & C. Brown", "A. Smith|B. Jones|C. Brown")]
    [InlineData("J. Smith, Jr., A. Brown", "J. Smith, Jr.|A. Brown")]
    [InlineData("K. G\\\"odel and P. Erd{\\H o}s", "K. G\\\"odel|P. Erd{\\H o}s")]
    [InlineData("The {LIGO, Virgo} Collaboration, B. P. Abbott", "The {LIGO, Virgo} Collaboration|B. P. Abbott")]
    [InlineData("First Author,\n  Second Author", "First Author|Second Author")]
    [InlineData("", "")]
    public void Splits_the_author_string_into_names(string authors, string expected)
    {
        Assert.Equal(expected.Split('|', StringSplitOptions.RemoveEmptyEntries), ArxivRawAuthors.Parse(authors).Select(a => a.Name));
    }

    [Fact]
    public void A_trailing_parenthesis_is_the_affiliation_and_footnote_numbers_are_dropped()
    {
        var authors = ArxivRawAuthors.Parse("J. Doe (MIT), R. Roe (Caltech, and JPL), A. One (1), B. Two (2) ((1) ETH, (2) EPFL)");

        Assert.Equal(
            [("J. Doe", "MIT"), ("R. Roe", "Caltech, and JPL"), ("A. One", null), ("B. Two", "(1) ETH, (2) EPFL")],
            authors.Select(a => (a.Name, a.Affiliation)));
    }

    [Fact]
    public void No_author_string_is_no_authors()
    {
        Assert.Empty(ArxivRawAuthors.Parse(null));
    }
}
