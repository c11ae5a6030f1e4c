using DailyPapers.Demo;
using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Search.Keyword;

namespace DailyPapers.Tests.Search;

/// <summary>
/// Top-k scoring (<see cref="TopScoring"/>) against Lucene scoring every match, on the demo's real papers (its seed and
/// its 200 snapshot records) with totals exact only up to 5 papers (or the number asked for), so that skipping starts at once: for queries cut
/// from every paper (title words, abstract words, whole titles) and written ones (phrases, <c>au:</c>, <c>ti:</c>,
/// <c>cat:</c>, filters), each ranking is the same: the same score at every rank, each paper's score its score under
/// Lucene, and the same papers wherever scores differ. Both with common words restricted (required and "any one of"
/// clauses) and without (a plain sum of optional clauses).
/// </summary>
public sealed class TopScoringTests : IDisposable
{
    // Common here: words more than 15 of the papers hold.
    private static readonly RankingWeights Restricted = new() { CommonWordDocs = 15, CommonWordShare = 0 };
    private static readonly RankingWeights Off = new() { CommonWordDocs = 0 };

    /// <summary>The demo's real papers: its seed and its snapshot records.</summary>
    internal static readonly List<Paper> Papers = LoadPapers();

    private readonly KeywordIndex _restricted = KeywordIndex.InMemory(KeywordIndex.K1, KeywordIndex.B, Restricted);
    private readonly KeywordIndex _off = KeywordIndex.InMemory(KeywordIndex.K1, KeywordIndex.B, Off);

    public TopScoringTests()
    {
        foreach (var index in new[] { _restricted, _off })
        {
            foreach (var (paper, i) in Papers.Select((p, i) => (p, i)))
            {
                index.Upsert(Document(paper));
                if (i % 150 == 149)
                {
                    index.Commit(); // several segments: the best so far carry over from one to the next
                }
            }
            index.Commit();
            index.ExactTotal = 3;
        }
    }

    public void Dispose()
    {
        _restricted.Dispose();
        _off.Dispose();
    }

    internal static KeywordDocument Document(Paper paper) => new()
    {
        Id = paper.ArxivId,
        Title = PaperText.Display(paper.Title),
        Abstract = PaperText.Display(paper.Abstract),
        Authors = paper.Authors.Select(a => a.Name).ToList(),
        Categories = paper.Categories,
        PublishedDay = DateOnly.FromDateTime(paper.PublishedAt).DayNumber,
    };

    private static List<Paper> LoadPapers()
    {
        using var seed = DemoContent.Open(DemoContent.SeedResource);
        using var snapshot = DemoContent.Open(DemoContent.SnapshotResource);
        return DemoContent.ReadSeed(seed).Papers.Select(p => p.Paper).Concat(DemoContent.ReadSnapshot(snapshot).Papers)
            .DistinctBy(p => p.ArxivId).ToList();
    }

    /// <summary>Queries a reader would type: words cut from titles and abstracts, whole titles, and written forms.</summary>
    public static IEnumerable<string> Queries()
    {
        var random = new Random(16);
        var previous = Array.Empty<string>();
        foreach (var paper in Papers.Where((_, i) => i % 4 == 0))
        {
            var title = PaperText.Display(paper.Title).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var words = PaperText.Display(paper.Abstract).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var n = random.Next(1, 4);
            yield return string.Join(' ', title.Skip(random.Next(Math.Max(1, title.Length - n))).Take(n));
            var m = random.Next(5, 9);
            yield return string.Join(' ', words.Skip(random.Next(Math.Max(1, words.Length - m))).Take(m));
            yield return string.Join(' ', title);
            // Half of one title and half of another: papers holding a few of the words in their title, in both title clauses.
            yield return string.Join(' ', previous.Take(2).Concat(title.TakeLast(2)));
            previous = title;
        }
        yield return "\"language models\" reasoning";
        yield return "au:zhang learning";
        yield return "ti:quantum state";
        yield return "cat:cs.LG neural network";
        yield return "cat:hep-th black holes";
        yield return "model the of results";
        yield return "learning";
    }

    [Theory]
    [InlineData(1, 1, TopScoring.PartOrder.AtOnce)]
    [InlineData(5, 1, TopScoring.PartOrder.AtOnce)]
    [InlineData(20, 1, TopScoring.PartOrder.AtOnce)]
    [InlineData(1, 2, TopScoring.PartOrder.AtOnce)]
    [InlineData(5, 3, TopScoring.PartOrder.AtOnce)]
    [InlineData(1, 3, TopScoring.PartOrder.LastToFirst)]
    [InlineData(5, 2, TopScoring.PartOrder.LastToFirst)]
    [InlineData(1, 3, TopScoring.PartOrder.FirstToLast)]
    [InlineData(20, 2, TopScoring.PartOrder.FirstToLast)]
    internal void Every_ranking_is_the_one_Lucene_gives_scoring_every_match(int top, int threads, TopScoring.PartOrder order)
    {
        var compared = 0;
        foreach (var index in new[] { _restricted, _off })
        {
            foreach (var text in Queries())
            {
                foreach (var filter in new[] { SearchFilter.None, new SearchFilter { Category = "cs" }, new SearchFilter { From = new DateOnly(2020, 1, 1) } })
                {
                    AssertSameRanking(index, text, filter, top, threads, order);
                    compared++;
                }
            }
        }
        Assert.True(compared > 600, $"{compared} rankings compared");
    }

    [Fact]
    public void Papers_are_skipped_once_the_best_are_known_and_the_total_is_then_a_lower_bound()
    {
        var skipped = 0;
        foreach (var text in Queries())
        {
            var query = SearchQuery.Parse(text);
            var all = Search(_off, query, SearchFilter.None, 1, exhaustive: true);
            var top = Search(_off, query, SearchFilter.None, 1, exhaustive: false);
            Assert.InRange(top.Total, Math.Min(all.Total, Exact(1)), all.Total);
            skipped += top.Total < all.Total ? 1 : 0;
        }
        // Not a test that cannot fail: most queries of this catalogue match dozens of papers, and most of them are skipped.
        Assert.True(skipped > Queries().Count() / 2, $"papers skipped in {skipped} of {Queries().Count()} queries");
    }

    [Theory]
    [InlineData(new[] { 600 }, 2)]
    [InlineData(new[] { 150, 150, 150, 7 }, 3)]
    [InlineData(new[] { 5, 400, 1 }, 4)]
    [InlineData(new[] { 3 }, 5)]
    public void Papers_are_cut_into_runs_of_about_equal_size_in_document_order(int[] segments, int parts)
    {
        using var directory = new Lucene.Net.Store.RAMDirectory();
        using (var writer = new Lucene.Net.Index.IndexWriter(directory, new Lucene.Net.Index.IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, null)
        {
            MergePolicy = Lucene.Net.Index.NoMergePolicy.NO_COMPOUND_FILES,
        }))
        {
            foreach (var size in segments)
            {
                for (var i = 0; i < size; i++)
                {
                    writer.AddDocument([new Lucene.Net.Documents.StringField("id", $"{i}", Lucene.Net.Documents.Field.Store.NO)]);
                }
                writer.Commit();
            }
        }
        using var reader = Lucene.Net.Index.DirectoryReader.Open(directory);
        var ranges = TopScoring.Ranges(reader.Leaves, parts);

        Assert.Equal(Math.Min(parts, segments.Sum()), ranges.Count);
        var next = 0; // every paper once, in document order
        foreach (var (leaf, from, to) in ranges.SelectMany(r => r))
        {
            Assert.Equal(next, leaf.DocBase + from);
            Assert.True(to > from && to <= leaf.AtomicReader.MaxDoc, $"{from}..{to} of {leaf.AtomicReader.MaxDoc}");
            next = leaf.DocBase + to;
        }
        Assert.Equal(segments.Sum(), next);
        var sizes = ranges.Select(r => r.Sum(x => x.To - x.From)).ToList();
        Assert.True(sizes.Max() - sizes.Min() <= (sizes.Count > 1 ? sizes.Max() / 2 : 0) + 1, string.Join(", ", sizes));
    }

    private static void AssertSameRanking(KeywordIndex index, string text, SearchFilter filter, int top, int threads, TopScoring.PartOrder order)
    {
        var query = SearchQuery.Parse(text);
        var lucene = Search(index, query, filter, top, exhaustive: true);
        var everyMatch = Search(index, query, filter, 1000, exhaustive: true).Hits.ToDictionary(h => h.Id, h => h.Score);
        var skipping = Search(index, query, filter, top, exhaustive: false, threads, order);
        var what = $"'{text}' ({filter.Category}, {filter.From}) top {top}, {threads} threads {order}";

        Assert.True(lucene.Hits.Count == skipping.Hits.Count, $"{what}: {lucene.Hits.Count} hits by Lucene, {skipping.Hits.Count} skipping");
        for (var i = 0; i < lucene.Hits.Count; i++)
        {
            var (expected, actual) = (lucene.Hits[i], skipping.Hits[i]);
            Assert.True(Close(expected.Score, actual.Score), $"{what}: rank {i + 1} scores {expected.Score} by Lucene, {actual.Score} skipping");
            Assert.True(everyMatch.TryGetValue(actual.Id, out var score) && Close(score, actual.Score), $"{what}: {actual.Id} scores {actual.Score}, by Lucene {score}");
            // Papers of equal score may come in either order; a paper scoring more than the next must be the same one.
            if (i + 1 < lucene.Hits.Count && !Close(expected.Score, lucene.Hits[i + 1].Score) && (i == 0 || !Close(expected.Score, lucene.Hits[i - 1].Score)))
            {
                Assert.True(expected.Id == actual.Id, $"{what}: rank {i + 1} is {expected.Id} by Lucene, {actual.Id} skipping");
            }
        }
        if (lucene.Total <= Exact(top))
        {
            Assert.Equal(lucene.Total, skipping.Total);
        }
        Assert.InRange(skipping.Total, Math.Min(lucene.Total, Exact(top)), lucene.Total);
    }

    /// <summary>With <paramref name="threads"/> above 1 the papers are scored in that many ranges at once (a few dozen papers each: cut inside segments too).</summary>
    private static KeywordResults Search(KeywordIndex index, SearchQuery query, SearchFilter filter, int top, bool exhaustive, int threads = 1,
        TopScoring.PartOrder order = TopScoring.PartOrder.AtOnce)
    {
        index.Exhaustive = exhaustive;
        index.Split.Threads = threads;
        index.Split.Order = order;
        index.Split.PapersPerThread = 1;
        index.Split.FromWords = 1;
        try
        {
            return index.Search(query, filter, top);
        }
        finally
        {
            index.Exhaustive = false;
            index.Split.Threads = 1;
        }
    }

    /// <summary>Totals are exact up to this (what decides the next step of a search, <see cref="KeywordIndex.FewHits"/>, always is).</summary>
    private static int Exact(int top) => Math.Max(Math.Max(top, KeywordIndex.FewHits), 3);

    private static bool Close(float a, float b) => Math.Abs(a - b) <= 1e-5f * Math.Max(1f, Math.Abs(a));
}
