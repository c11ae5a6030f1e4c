using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Search.Keyword;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace DailyPapers.Tests.Search;

/// <summary>
/// <see cref="DisjunctionAtDoc"/> against Lucene's own scorer of the same query, on the demo's real papers (three
/// segments): the disjunctions a short query adds (title words coordinated, stemmed and exact; words as author names,
/// with an initial beside a surname) find the same papers, in order or moved to at jumps, with the same score to the bit.
/// </summary>
public sealed class DisjunctionAtDocTests : IDisposable
{
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;

    public DisjunctionAtDocTests()
    {
        using (var analyzer = SearchAnalyzers.Create())
        using (var analysis = new DocumentAnalysis())
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(SearchAnalyzers.Version, analyzer)))
        {
            foreach (var (paper, i) in TopScoringTests.Papers.Select((p, i) => (p, i)))
            {
                writer.AddDocument(KeywordFields.ToLucene(TopScoringTests.Document(paper), analysis));
                if (i % 150 == 149)
                {
                    writer.Commit();
                }
            }
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new KeywordSimilarity(KeywordIndex.K1, KeywordIndex.B, new RankingWeights()) };
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }

    /// <summary>The optional disjunctions of the ranking queries of words cut from the papers' titles and abstracts.</summary>
    private static List<BooleanQuery> Disjunctions()
    {
        using var analyzer = SearchAnalyzers.Create();
        var texts = TopScoringTests.Papers.Where((_, i) => i % 9 == 0).SelectMany(p => new[]
        {
            string.Join(' ', PaperText.Display(p.Title).Split(' ').Take(3)),
            string.Join(' ', PaperText.Display(p.Abstract).Split(' ').Skip(4).Take(7)),
            $"{p.Authors[0].Name.Split(' ')[0][..1]} {p.Authors[0].Name.Split(' ')[^1]} transformers", // an initial beside a surname
        }).Append("zzyzx quantum qqqq"); // words no paper holds
        return texts.Select(t => KeywordQueryBuilder.Build(SearchQuery.Parse(t), analyzer, new RankingWeights()))
            .OfType<BooleanQuery>()
            .SelectMany(q => q.Clauses.Where(c => c.Occur == Occur.SHOULD).Select(c => c.Query))
            .OfType<BooleanQuery>()
            .Where(b => b.Clauses.Count >= 2)
            .ToList();
    }

    [Fact]
    public void Every_paper_and_score_is_Lucenes()
    {
        var disjunctions = Disjunctions();
        Assert.Contains(disjunctions, d => !d.CoordDisabled);
        Assert.Contains(disjunctions, d => d.Clauses.Any(c => c.Query is Lucene.Net.Search.Spans.SpanNearQuery));
        var papers = 0;
        foreach (var query in disjunctions)
        {
            var lucene = _searcher.CreateNormalizedWeight(query);
            var ours = DisjunctionAtDoc.Create(_searcher, query)!;
            foreach (var leaf in _reader.Leaves)
            {
                var expected = lucene.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
                var actual = ours.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
                Assert.Equal(expected is null, actual is null);
                while (expected is not null && expected.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
                {
                    Assert.Equal(expected.DocID, actual!.NextDoc());
                    Assert.Equal(expected.GetScore(), actual.GetScore());
                    papers++;
                }
                Assert.True(actual is null || actual.NextDoc() == DocIdSetIterator.NO_MORE_DOCS, $"{query}: a paper past Lucene's last");
            }
        }
        Assert.True(papers > 1000, $"{papers} papers compared over {disjunctions.Count} disjunctions");
    }

    [Fact]
    public void Moved_to_at_jumps_and_scored_at_some_papers_only_it_still_agrees()
    {
        foreach (var query in Disjunctions())
        {
            foreach (var leaf in _reader.Leaves)
            {
                var expected = _searcher.CreateNormalizedWeight(query).GetScorer(leaf, leaf.AtomicReader.LiveDocs);
                var actual = DisjunctionAtDoc.Create(_searcher, query)!.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
                if (expected is null)
                {
                    Assert.Null(actual);
                    continue;
                }
                for (var (target, step) = (0, 1); target < leaf.AtomicReader.MaxDoc; target += step, step = step * 2 % 37 + 1)
                {
                    var doc = expected.DocID >= target ? expected.DocID : expected.Advance(target);
                    Assert.Equal(doc, actual!.DocID >= target ? actual.DocID : actual.Advance(target));
                    if (doc == DocIdSetIterator.NO_MORE_DOCS)
                    {
                        break;
                    }
                    if (doc % 3 == 0)
                    {
                        Assert.Equal(expected.GetScore(), actual.GetScore());
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("must")]
    [InlineData("one")]
    [InlineData("minimum")]
    [InlineData("term")]
    public void Other_queries_are_left_to_Lucene(string kind)
    {
        var a = new TermQuery(new Term(KeywordFields.Title, "quantum"));
        var b = new TermQuery(new Term(KeywordFields.Title, "model"));
        var minimum = new BooleanQuery { { a, Occur.SHOULD }, { b, Occur.SHOULD } };
        minimum.MinimumNumberShouldMatch = 2;
        Query query = kind switch
        {
            "must" => new BooleanQuery { { a, Occur.MUST }, { b, Occur.SHOULD } },
            "one" => new BooleanQuery { { a, Occur.SHOULD } },
            "minimum" => minimum,
            _ => a,
        };

        Assert.Null(DisjunctionAtDoc.Create(_searcher, query));
    }
}
