using DailyPapers.Search;
using DailyPapers.Search.Keyword;

namespace DailyPapers.Tests.Search;

/// <summary>
/// <see cref="SearchOptions.ParallelSegments"/>: a keyword index whose searches score its segments as tasks on the
/// thread pool finds the same papers with the same scores (to float rounding), totals and spelling help as one searching them in turn
/// (which skips papers that cannot reach the best, <see cref="TopScoring"/>).
/// 30 papers in three segments: "graph" in papers 0–19, "neural" in 10–29, "network" in every third.
/// </summary>
public sealed class ParallelSegmentsTests : IDisposable
{
    private readonly KeywordIndex _inTurn = KeywordIndex.OpenFolder(Folder(), deleteOnDispose: true);
    private readonly KeywordIndex _parallel = KeywordIndex.OpenFolder(Folder(), deleteOnDispose: true, segments: TaskScheduler.Default);

    public ParallelSegmentsTests()
    {
        foreach (var index in new[] { _inTurn, _parallel })
        {
            for (var i = 0; i < 30; i++)
            {
                var words = new List<string> { $"paper{i}" };
                words.AddRange(Enumerable.Repeat("graph", i < 20 ? 1 + (i % 3) : 0));
                words.AddRange(i >= 10 ? ["neural"] : []);
                words.AddRange(i % 3 == 0 ? ["network"] : []);
                words.AddRange(Enumerable.Repeat("filler", i % 7));
                index.Upsert(new KeywordDocument
                {
                    Id = $"2501.{i:D5}", Title = i % 4 == 0 ? "Graph neural networks" : $"Paper number {i}", Abstract = string.Join(' ', words),
                    Authors = ["Ada Lovelace"], Categories = ["cs.LG"], PublishedDay = 739_000 + i,
                });
                if (i % 10 == 9)
                {
                    index.Commit();
                }
            }
        }
    }

    public void Dispose()
    {
        _inTurn.Dispose();
        _parallel.Dispose();
    }

    [Theory]
    [InlineData("graph neural", 5)]
    [InlineData("graph neural network", 30)]
    [InlineData("neural", 12)]
    [InlineData("paper7 graph", 3)]
    [InlineData("graph nuerol", 10)]
    [InlineData("\"graph neural\" cat:cs.LG", 10)]
    public void Segments_searched_in_parallel_give_the_same_results(string text, int top)
    {
        var query = SearchQuery.Parse(text);
        var inTurn = _inTurn.Search(query, SearchFilter.None, top);
        var parallel = _parallel.Search(query, SearchFilter.None, top);

        Assert.NotEmpty(inTurn.Hits);
        // Scoring each segment's every match (Lucene) and skipping (TopScoring) add the same clause scores in another order.
        Assert.Equal(inTurn.Hits.Select(h => h.Id), parallel.Hits.Select(h => h.Id));
        Assert.All(inTurn.Hits.Zip(parallel.Hits), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-4));
        Assert.Equal(inTurn.Total, parallel.Total);
        Assert.Equal((inTurn.DidYouMean, inTurn.Fuzzy, inTurn.TitleHoldsQuery), (parallel.DidYouMean, parallel.Fuzzy, parallel.TitleHoldsQuery));
    }

    private static string Folder() => Path.Combine(Path.GetTempPath(), "dailypapers-parallel-" + Guid.NewGuid().ToString("N"));
}
