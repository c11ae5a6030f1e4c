using DailyPapers.Search;
using DailyPapers.Search.Keyword;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Spans;
using Lucene.Net.Store;

namespace DailyPapers.Tests.Search;

/// <summary>
/// An initial beside a surname (<c>y bengio</c>) finds that author: the index holds each name part's initial as a
/// term at the part's position in a field of its own (<see cref="NameInitialFilter"/>), and the query looks the
/// initial up as one term.
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
    [InlineData("Yoshua Bengio", "y@0 b@1")]
    [InlineData("Y. Bengio", "y@0 b@1")]                            // a single letter is its own initial
    [InlineData("Jürgen Müller-Lüdenscheidt", "j@0 m@1 l@2")]
    [InlineData("李 雷", "李@0 雷@1")]
    [InlineData("𝒜lice Smith", "𝒜@0 s@1")]                       // a letter of two chars stays whole
    public void Each_name_part_is_indexed_as_its_initial_at_its_position(string name, string expected)
    {
        using var analyzer = SearchAnalyzers.Create();

        Assert.Equal(expected, Tokens(analyzer, KeywordFields.AuthorInitials, name));
        Assert.Equal(expected.Split(' ').Length, Tokens(analyzer, KeywordFields.Authors, name).Split(' ').Length);
    }

    [Fact]
    public void The_names_field_keeps_its_statistics()
    {
        // BM25 divides a name's length by the field's average: initials in the names' own field would halve it.
        using var directory = new RAMDirectory();
        using (var analyzer = SearchAnalyzers.Create())
        using (var analysis = new DocumentAnalysis())
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzers.Version, analyzer)))
        {
            writer.AddDocument(KeywordFields.ToLucene(new KeywordDocument { Id = "x", Title = "t", Abstract = "a", Authors = ["Yoshua Bengio", "Y. LeCun"] }, analysis));
        }
        using var reader = DirectoryReader.Open(directory);

        Assert.Equal(4, reader.GetSumTotalTermFreq(KeywordFields.Authors));
        Assert.Equal(4, reader.GetSumTotalTermFreq(KeywordFields.AuthorInitials));
    }

    private static string Tokens(Lucene.Net.Analysis.Analyzer analyzer, string field, string name) =>
        string.Join(' ', KeywordQueryBuilder.Analyze(analyzer, field, name).Select(t => $"{t.Term}@{t.Position}"));

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
        Assert.All(spans.SelectMany(s => s.GetClauses()), c => Assert.IsType<SpanTermQuery>(c is FieldMaskingSpanQuery masked ? masked.MaskedQuery : c));
        Assert.DoesNotContain(Flatten(query), q => q is MultiTermQuery);
        Assert.Equal("ca", Ids("robust c-arm positioning")[0]);
    }

    private static IEnumerable<Query> Flatten(Query query) => query is BooleanQuery b
        ? b.Clauses.SelectMany(c => Flatten(c.Query)).Prepend(query)
        : [query];
}
