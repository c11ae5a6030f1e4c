using System.Text;
using System.Text.Json;
using DailyPapers.Papers;
using DailyPapers.Search.Keyword;
using DailyPapers.Tests.Ingest.Snapshot;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace DailyPapers.Tests.Search;

/// <summary>
/// The keyword index analyses each text once and replays the tokens into the fields built from it
/// (<see cref="DocumentAnalysis"/>). These tests build the same papers the way the fields were built before, each
/// field's text analysed by the writer's analyzer (Lucene's own EnglishAnalyzer for the stemmed fields), and
/// compare the two indexes term by term: postings, positions, offsets and length norms (the word-for-word field
/// <see cref="KeywordFields.AllExact"/> keeps documents only).
/// </summary>
public sealed class PreAnalysedFieldsTests
{
    private static readonly string[] TextFields =
        [KeywordFields.All, KeywordFields.AllExact, KeywordFields.Title, KeywordFields.TitleExact, KeywordFields.Authors];

    [Fact]
    public void Real_papers_are_indexed_as_by_each_fields_analyzer()
    {
        var papers = SnapshotPapers().ToList();
        Assert.Equal(200, papers.Count);
        AssertSameIndex(papers);
    }

    [Fact]
    public void Stop_words_at_the_edges_possessives_long_words_and_empty_texts_are_indexed_as_by_each_fields_analyzer()
    {
        var longWord = new string('x', 300);
        AssertSameIndex(
        [
            Paper("e1", "The theory of the", "Of the models, the best is an. And the", ["A. the Author"], ["cs.CL"]),
            Paper("e2", "Alice's model's results", "Bob’s transformers' attention is all of it", [], []),
            Paper("e3", $"{longWord} words", $"before {longWord} after {longWord}", ["Müller Jürgen"], ["math.AG", "hep-th"]),
            Paper("e4", "", "", [], []),
            Paper("e5", "the", "a an the", ["the"], ["the"]),
            Paper("e6", "Ωmega – naïve café 3.14 x_1 e-mail U.S.A. ∑", "Line one\nline two\r\n\ttabbed; 10^-3 and 1,000,000.", ["O'Brien, Seán", "李 雷"], ["physics.gen-ph"]),
        ]);
    }

    private static KeywordDocument Paper(string id, string title, string text, string[] authors, string[] categories) =>
        new() { Id = id, Title = title, Abstract = text, Authors = authors, Categories = categories };

    /// <summary>The 200 real snapshot lines, their texts made readable as the index's sync makes them.</summary>
    internal static IEnumerable<KeywordDocument> SnapshotPapers()
    {
        foreach (var line in File.ReadLines(SnapshotFiles.Head200Fixture, Encoding.UTF8).Where(l => l.Length > 0))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            string Text(string name) => root.GetProperty(name).GetString() ?? "";
            yield return new KeywordDocument
            {
                Id = Text("id"),
                Title = PaperText.Display(Text("title")),
                Abstract = PaperText.Display(Text("abstract")),
                Authors = Text("authors").Split([", ", " and "], StringSplitOptions.RemoveEmptyEntries),
                Categories = Text("categories").Split(' ', StringSplitOptions.RemoveEmptyEntries),
            };
        }
    }

    private static void AssertSameIndex(List<KeywordDocument> papers)
    {
        using var before = Build(papers, d => AnalysedByTheWriter(d));
        using var analysis = new DocumentAnalysis();
        using var now = Build(papers, d => KeywordFields.ToLucene(d, analysis));
        foreach (var field in TextFields)
        {
            AssertSamePostings(before.Reader, now.Reader, field);
            var (a, b) = (MultiDocValues.GetNormValues(before.Reader, field), MultiDocValues.GetNormValues(now.Reader, field));
            for (var doc = 0; doc < papers.Count; doc++)
            {
                Assert.True(a.Get(doc) == b.Get(doc), $"{field}: length norm of {papers[doc].Id}");
            }
        }
    }

    /// <summary>The fields as they were built before: each a string the writer's analyzer analyses.</summary>
    private static Document AnalysedByTheWriter(KeywordDocument d)
    {
        var highlighted = new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS };
        var doc = new Document
        {
            new StringField(KeywordFields.Id, d.Id, Field.Store.NO),
            new Field(KeywordFields.All, string.Join("\n", [d.Title, d.Abstract, .. d.Authors, .. d.Categories]), highlighted),
            new Field(KeywordFields.Title, d.Title, highlighted),
            new TextField(KeywordFields.TitleExact, d.Title, Field.Store.NO),
            new Field(KeywordFields.AllExact, d.Title + "\n" + d.Abstract, new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_ONLY }),
        };
        foreach (var author in d.Authors)
        {
            doc.Add(new TextField(KeywordFields.Authors, author, Field.Store.NO));
        }
        return doc;
    }

    private sealed class Index(RAMDirectory directory, DirectoryReader reader) : IDisposable
    {
        public DirectoryReader Reader => reader;

        public void Dispose()
        {
            reader.Dispose();
            directory.Dispose();
        }
    }

    /// <summary>One segment, documents in the given order; the stemmed fields of the old documents analysed by Lucene's EnglishAnalyzer.</summary>
    private static Index Build(List<KeywordDocument> papers, Func<KeywordDocument, Document> toLucene)
    {
        var directory = new RAMDirectory();
        using var analyzer = new PerFieldAnalyzerWrapper(new EnglishAnalyzer(SearchAnalyzers.Version), new Dictionary<string, Analyzer>
        {
            [KeywordFields.Authors] = new ExactAnalyzer(singular: false, positionGap: 100),
            [KeywordFields.TitleExact] = new ExactAnalyzer(singular: true, positionGap: 0),
            [KeywordFields.AllExact] = new ExactAnalyzer(singular: true, positionGap: 100),
        });
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzers.Version, analyzer) { Similarity = new KeywordSimilarity(KeywordIndex.K1, KeywordIndex.B, new RankingWeights()) }))
        {
            foreach (var paper in papers)
            {
                writer.AddDocument(toLucene(paper));
            }
            writer.ForceMerge(1);
        }
        return new Index(directory, DirectoryReader.Open(directory));
    }

    private sealed class ExactAnalyzer(bool singular, int positionGap) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new Lucene.Net.Analysis.Standard.StandardTokenizer(SearchAnalyzers.Version, reader);
            TokenStream stream = new Lucene.Net.Analysis.Core.LowerCaseFilter(SearchAnalyzers.Version, tokenizer);
            stream = new ASCIIFoldingFilter(stream);
            return new TokenStreamComponents(tokenizer, singular ? new EnglishMinimalStemFilter(stream) : stream);
        }

        public override int GetPositionIncrementGap(string fieldName) => positionGap;
    }

    private static void AssertSamePostings(IndexReader before, IndexReader now, string field)
    {
        var expected = Postings(before, field);
        var actual = Postings(now, field);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (term, postings) in expected)
        {
            Assert.True(actual.TryGetValue(term, out var other), $"{field}: term '{term}' missing");
            Assert.Equal(postings, other);
        }
    }

    /// <summary>Each term of the field: every (document, position, start offset, end offset) it occurs at.</summary>
    private static Dictionary<string, List<(int Doc, int Position, int Start, int End)>> Postings(IndexReader reader, string field)
    {
        var result = new Dictionary<string, List<(int, int, int, int)>>(StringComparer.Ordinal);
        var terms = MultiFields.GetTerms(reader, field)?.GetEnumerator();
        if (terms is null)
        {
            return result;
        }
        while (terms.MoveNext())
        {
            var list = new List<(int, int, int, int)>();
            var postings = terms.DocsAndPositions(null, null, DocsAndPositionsFlags.OFFSETS);
            if (postings is null)
            {
                // A field of documents only (the word-for-word field): which papers hold the term.
                var docs = terms.Docs(null, null, DocsFlags.NONE);
                while (docs.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
                {
                    list.Add((docs.DocID, -1, -1, -1));
                }
                result[terms.Term.Utf8ToString()] = list;
                continue;
            }
            while (postings.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
            {
                for (var i = 0; i < postings.Freq; i++)
                {
                    list.Add((postings.DocID, postings.NextPosition(), postings.StartOffset, postings.EndOffset));
                }
            }
            result[terms.Term.Utf8ToString()] = list;
        }
        return result;
    }
}
