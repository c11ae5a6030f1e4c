using DailyPapers.Search;
using DailyPapers.Search.Keyword;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace DailyPapers.Tests.Search;

/// <summary>
/// The abstract is highlighted from the combined field (<see cref="KeywordFields.All"/>, title, abstract, authors
/// and categories one per line) since index layout 5; before, it had a field of its own, <c>abs</c>, the abstract
/// alone with offsets. These tests keep the old field in a second index of the same papers and check that every
/// word and phrase of a query is found at the same places of the abstract either way.
/// </summary>
public sealed class AbstractHighlightTests
{
    private const string OldAbstractField = "abs";

    [Fact]
    public void Words_and_phrases_of_real_abstracts_are_found_where_the_abstracts_own_field_found_them()
    {
        var papers = PreAnalysedFieldsTests.SnapshotPapers().ToList();
        var queries = papers.Take(60).SelectMany(QueriesFrom).ToList();
        var found = AssertSameMatches(papers, queries);
        Assert.True(found > 1000, $"only {found} matches compared");
    }

    [Fact]
    public void Phrases_across_the_edges_of_the_abstract_and_empty_texts_are_found_where_the_abstracts_own_field_found_them()
    {
        KeywordDocument[] papers =
        [
            new() { Id = "e1", Title = "Mean", Abstract = "field theory of the mean", Authors = ["Field Person"], Categories = ["math.PR"] },
            new() { Id = "e2", Title = "", Abstract = "Mean field. Mean fields again.", Authors = [], Categories = [] },
            new() { Id = "e3", Title = "Mean field", Abstract = "", Authors = ["Mean Field"], Categories = [] },
            new() { Id = "e4", Title = "The theory of the", Abstract = "Of the mean field theory, the best is an. And the", Authors = ["A. the Author"], Categories = ["cs.CL"] },
            new() { Id = "e5", Title = $"{new string('x', 300)} mean", Abstract = $"field {new string('y', 300)} mean field", Authors = [], Categories = [] },
        ];
        var found = AssertSameMatches(papers.ToList(), ["\"mean field\"", "field mean", "\"field theory\" author", "fields theories", "\"theory the best\""]);
        Assert.True(found >= 10, $"only {found} matches compared");
    }

    /// <summary>Queries made of an abstract's words: single words (stemmed forms found too) and two- and three-word phrases.</summary>
    private static IEnumerable<string> QueriesFrom(KeywordDocument paper)
    {
        var words = paper.Abstract.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 30)
        {
            yield break;
        }
        yield return $"{words[3]} {words[11]} {words[25]}";
        yield return $"\"{words[5]} {words[6]}\" \"{words[17]} {words[18]} {words[19]}\"";
        var titleWords = paper.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (titleWords.Length > 0)
        {
            yield return $"\"{titleWords[^1]} {words[0]}\" \"{words[^1]} {(paper.Authors.Count > 0 ? paper.Authors[0] : "")}\"";
        }
    }

    /// <summary>Every query's matches in every paper's abstract, from both indexes; returns how many were compared.</summary>
    private static int AssertSameMatches(List<KeywordDocument> papers, List<string> queries)
    {
        using var analyzer = SearchAnalyzers.Create();
        using var before = Build(papers, analyzer, d => new Document
        {
            new Field(OldAbstractField, d.Abstract, new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS }),
        });
        using var analysis = new DocumentAnalysis();
        using var now = Build(papers, analyzer, d => KeywordFields.ToLucene(d, analysis));
        var docs = Enumerable.Range(0, papers.Count).ToList();
        var compared = 0;
        foreach (var query in queries)
        {
            var parsed = SearchQuery.Parse(query);
            var oldUnits = KeywordQueryBuilder.HighlightUnits(parsed, analyzer, OldAbstractField);
            var units = KeywordQueryBuilder.HighlightUnits(parsed, analyzer, KeywordFields.All);
            Assert.Equal(Describe(oldUnits), Describe(units));
            var expected = PostingsOccurrences.Find(before.Leaf, OldAbstractField, oldUnits, docs, papers.Count);
            var actual = PostingsOccurrences.Find(now.Leaf, KeywordFields.All, units, docs, papers.Count);
            foreach (var doc in docs)
            {
                var old = expected.GetValueOrDefault(doc, []).Select(m => (m.Start, m.End, m.Unit)).Order().ToList();
                var paper = papers[doc];
                var within = PostingsOccurrences.Within(actual.GetValueOrDefault(doc, []), paper.Title.Length + 1, paper.Abstract.Length);
                Assert.True(old.SequenceEqual(within.Select(m => (m.Start, m.End, m.Unit)).Order()), $"{query} in {paper.Id}");
                compared += old.Count;
            }
        }
        return compared;
    }

    private static string Describe(List<List<(string Term, int Position)>> units) =>
        string.Join(" | ", units.Select(u => string.Join(' ', u.Select(t => $"{t.Position}:{t.Term}"))));

    private sealed class Index(RAMDirectory directory, DirectoryReader reader) : IDisposable
    {
        public AtomicReader Leaf => reader.Leaves.Single().AtomicReader;

        public void Dispose()
        {
            reader.Dispose();
            directory.Dispose();
        }
    }

    private static Index Build(List<KeywordDocument> papers, Analyzer analyzer, Func<KeywordDocument, Document> toLucene)
    {
        var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzers.Version, analyzer)))
        {
            foreach (var paper in papers)
            {
                writer.AddDocument(toLucene(paper));
            }
            writer.ForceMerge(1);
        }
        return new Index(directory, DirectoryReader.Open(directory));
    }
}
