using DailyPapers.Search;
using DailyPapers.Search.Keyword;
using Lucene.Net.Index;

namespace DailyPapers.Tests.Search;

/// <summary>
/// The proximity clause (<see cref="RankingWeights.Proximity"/>) reads the positions of the stemmed combined field:
/// papers holding a short query's words equally often rank those holding them near each other first. The
/// word-for-word field keeps which papers hold each word and nothing more, and still serves spelling help, the
/// loose fallback and author names.
/// </summary>
public sealed class ProximityRankingTests : IDisposable
{
    private const string Near = "2501.00001", Far = "2501.00002", Between = "2501.00003";

    private readonly KeywordIndex _index = KeywordIndex.InMemory();
    private readonly KeywordIndex _without = KeywordIndex.InMemory(KeywordIndex.K1, KeywordIndex.B, new RankingWeights { Proximity = 0 });

    public ProximityRankingTests()
    {
        // The same words, as often, in texts of the same length: only where they stand differs.
        Add(Near, "We study glaciers melting under the sun and report on a survey of many northern valleys across several seasons");
        Add(Far, "We study glaciers in many northern valleys across several seasons and report on a survey of melting under the sun");
        // Stop words between the two words keep their places: "glaciers of the melting" is three positions apart.
        Add(Between, "We report on a survey of many northern valleys across several seasons and study glaciers of the melting under the sun");
        foreach (var index in new[] { _index, _without })
        {
            for (var i = 0; i < 5; i++)
            {
                index.Upsert(Paper($"2501.1000{i}", $"Another title {i}", "Unrelated text about deserts and rivers"));
            }
            index.Commit();
        }
    }

    public void Dispose()
    {
        _index.Dispose();
        _without.Dispose();
    }

    private void Add(string id, string text)
    {
        foreach (var index in new[] { _index, _without })
        {
            index.Upsert(Paper(id, "A field report", text));
        }
    }

    private static KeywordDocument Paper(string id, string title, string text) =>
        new() { Id = id, Title = title, Abstract = text, Authors = ["Ada Lovelace"], Categories = ["physics.geo-ph"], PublishedDay = 739_000 };

    private static List<KeywordHit> Hits(KeywordIndex index, string query) =>
        index.Search(SearchQuery.Parse(query), SearchFilter.None, 10).Hits.ToList();

    [Fact]
    public void Words_near_each_other_rank_above_the_same_words_far_apart()
    {
        var hits = Hits(_index, "melting glaciers");
        Assert.Equal([Near, Between, Far], hits.Select(h => h.Id));
        Assert.True(hits[0].Score > hits[1].Score && hits[1].Score > hits[2].Score);

        // Other forms of the words are near too (stemmed): "glacier melts".
        Assert.Equal([Near, Between, Far], Hits(_index, "glacier melts").Select(h => h.Id));
    }

    [Fact]
    public void Without_the_proximity_clause_the_three_papers_tie()
    {
        var hits = Hits(_without, "melting glaciers");
        Assert.Equal(3, hits.Count);
        Assert.Single(hits.Select(h => h.Score).Distinct());
    }

    [Fact]
    public void The_word_for_word_field_keeps_papers_only_and_still_serves_spelling_help()
    {
        var misspelt = _index.Search(SearchQuery.Parse("glaciars"), SearchFilter.None, 10);
        Assert.Equal("glacier", misspelt.DidYouMean);   // the word-for-word field makes plurals singular
        Assert.True(misspelt.Fuzzy);
        Assert.Equal(3, misspelt.Hits.Count);
        Assert.True(_index.Search(SearchQuery.Parse("lovelace"), SearchFilter.None, 10).NamesAuthor);

        using var directory = new Lucene.Net.Store.RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzers.Version, new Lucene.Net.Analysis.Core.WhitespaceAnalyzer(SearchAnalyzers.Version))))
        using (var analysis = new DocumentAnalysis())
        {
            writer.AddDocument(KeywordFields.ToLucene(Paper(Near, "A field report", "glaciers melting"), analysis));
        }
        using var reader = DirectoryReader.Open(directory);
        var fields = MultiFields.GetMergedFieldInfos(reader);
        Assert.Equal(IndexOptions.DOCS_ONLY, fields.FieldInfo(KeywordFields.AllExact).IndexOptions);
        Assert.Equal(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS, fields.FieldInfo(KeywordFields.All).IndexOptions);
    }
}
