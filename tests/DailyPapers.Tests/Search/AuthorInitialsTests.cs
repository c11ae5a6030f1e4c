using DailyPapers.Search;
using DailyPapers.Search.Keyword;
using Lucene.Net.Search;
using Lucene.Net.Search.Spans;

namespace DailyPapers.Tests.Search;

/// <summary>
/// An initial beside a surname (<c>y bengio</c>) finds that author: the index holds each name part's initial as a
/// term at the part's position (<see cref="NameInitialFilter"/>), and the query looks the initial up as one term.
/// </summary>
public sealed class AuthorInitialsTests : IDisposable
{
    private readonly KeywordIndex _index = KeywordIndex.InMemory();

    public AuthorInitialsTests()
    {
        Add("yb", "Deep learning of representations", "Yoshua Bengio");
        Add("sb", "Bayesian optimisation of hyperparameters", "Samy Bengio", "Jasper Snoek");
        Add("yl", "Convolutional networks for images", "Yann LeCun");
        Add("ca", "Robust C-arm positioning for interventional imaging", "Ana Torres", "Carl Arm");
        _index.Commit();
    }

    public void Dispose() => _index.Dispose();

    private void Add(string id, string title, params string[] authors) =>
        _index.Upsert(new KeywordDocument { Id = id, Title = title, Abstract = "We study " + title.ToLowerInvariant() + ".", Authors = authors });

    private List<string> Ids(string query) =>
        _index.Search(SearchQuery.Parse(query), SearchFilter.None, 10).Hits.Select(h => h.Id).ToList();

    [Theory]
    [InlineData("Yoshua Bengio", "yoshua@0 y@0 bengio@1 b@1")]
    [InlineData("Y. Bengio", "y@0 bengio@1 b@1")]                   // a single letter is its own initial, once
    [InlineData("Jürgen Müller-Lüdenscheidt", "jurgen@0 j@0 muller@1 m@1 ludenscheidt@2 l@2")]
    [InlineData("李 雷", "李@0 雷@1")]
    [InlineData("𝒜lice Smith", "𝒜lice@0 𝒜@0 smith@1 s@1")]        // a letter of two chars stays whole
    public void The_writer_indexes_each_name_part_with_its_initial(string name, string expected)
    {
        using var writer = SearchAnalyzers.ForWriter();

        Assert.Equal(expected, Tokens(writer, name));
    }

    [Fact]
    public void A_query_names_no_initials_of_its_own()
    {
        using var queries = SearchAnalyzers.Create();

        Assert.Equal("yoshua@0 bengio@1", Tokens(queries, "Yoshua Bengio"));
    }

    private static string Tokens(Lucene.Net.Analysis.Analyzer analyzer, string name) =>
        string.Join(' ', KeywordQueryBuilder.Analyze(analyzer, KeywordFields.Authors, name).Select(t => $"{t.Term}@{t.Position}"));

    [Fact]
    public void An_initial_beside_a_surname_picks_the_author_of_that_name()
    {
        Assert.Equal("yb", Ids("y bengio")[0]);
        Assert.Equal("yb", Ids("bengio y")[0]);
        Assert.Equal("sb", Ids("s bengio")[0]);
        Assert.Equal("sb", Ids("bengio s")[0]);
        Assert.Equal(["yb"], Ids("au:\"y bengio\""));
        Assert.Equal(["yl"], Ids("au:\"y lecun\""));
        Assert.Empty(Ids("au:\"s lecun\""));
    }

    [Fact]
    public void An_initial_is_one_term_not_a_prefix_over_every_name()
    {
        using var analyzer = SearchAnalyzers.Create();
        var query = KeywordQueryBuilder.Build(SearchQuery.Parse("robust c-arm positioning"), analyzer, new RankingWeights());

        Assert.NotNull(query);
        var spans = Flatten(query).OfType<SpanNearQuery>().ToList();
        Assert.NotEmpty(spans);
        Assert.All(spans.SelectMany(s => s.GetClauses()), c => Assert.IsType<SpanTermQuery>(c));
        Assert.DoesNotContain(Flatten(query), q => q is MultiTermQuery);
        Assert.Equal("ca", Ids("robust c-arm positioning")[0]);
    }

    private static IEnumerable<Query> Flatten(Query query) => query is BooleanQuery b
        ? b.Clauses.SelectMany(c => Flatten(c.Query)).Prepend(query)
        : [query];
}
