using DailyPapers.Search;
using DailyPapers.Search.Keyword;

namespace DailyPapers.Tests.Search;

/// <summary>
/// The common-word restriction (<see cref="RankingWeights.CommonWordDocs"/>) on a catalogue where it applies: 24 papers
/// hold "model", 12 of them "results" too, 4 of them "zymurgy" (a rare word) and 2 more "zymurgy" alone; 12 hold
/// "method" (6 of them all three common words, 18 papers at least two of them). Words held by more than 8 papers are
/// common here.
/// </summary>
public sealed class CommonWordsTests : IDisposable
{
    private static readonly RankingWeights Restricted = new() { CommonWordDocs = 8, CommonWordShare = 0 };
    private static readonly RankingWeights Off = new() { CommonWordDocs = 0 };

    private readonly KeywordIndex _restricted = KeywordIndex.InMemory(KeywordIndex.K1, KeywordIndex.B, Restricted);
    private readonly KeywordIndex _off = KeywordIndex.InMemory(KeywordIndex.K1, KeywordIndex.B, Off);

    public CommonWordsTests()
    {
        for (var i = 0; i < 30; i++)
        {
            var words = new List<string> { $"paper{i}" };
            if (i < 24)
            {
                // Longer abstracts further on: BM25 tells them apart.
                words.AddRange(Enumerable.Repeat("model", 1 + (i % 3)));
            }
            if (i < 12)
            {
                words.Add("results");
            }
            if (i is >= 6 and < 18)
            {
                words.Add("method");
            }
            if (i is >= 8 and < 12 or >= 24 and < 26)
            {
                words.Add("zymurgy");
            }
            words.AddRange(Enumerable.Repeat("filler", i % 5));
            foreach (var index in new[] { _restricted, _off })
            {
                index.Upsert(new KeywordDocument
                {
                    Id = $"2501.{i:D5}",
                    Title = $"Paper number {i}",
                    Abstract = string.Join(' ', words),
                    Authors = ["Ada Lovelace"],
                    Categories = ["cs.LG"],
                    PublishedDay = 739_000 + i,
                });
            }
        }
        _restricted.Commit();
        _off.Commit();
    }

    public void Dispose()
    {
        _restricted.Dispose();
        _off.Dispose();
    }

    private static KeywordResults Search(KeywordIndex index, string query, int top) =>
        index.Search(SearchQuery.Parse(query), SearchFilter.None, top);

    [Fact]
    public void A_common_word_adds_only_to_papers_holding_a_rarer_one_and_they_score_as_without_the_restriction()
    {
        var restricted = Search(_restricted, "model zymurgy", 3);
        var off = Search(_off, "model zymurgy", 30);

        Assert.Equal(6, restricted.Total);   // the papers holding "zymurgy", not the 24 holding "model"
        Assert.Equal(24 + 2, off.Total);
        Assert.All(restricted.Hits, h => Assert.Equal(off.Hits.Single(o => o.Id == h.Id).Score, h.Score, 4));
        Assert.Equal(off.Hits.Where(h => IsZymurgy(h.Id)).Take(3).Select(h => h.Id), restricted.Hits.Select(h => h.Id));
    }

    [Fact]
    public void A_query_of_common_words_alone_requires_them_all()
    {
        var restricted = Search(_restricted, "model results", 5);

        Assert.Equal(12, restricted.Total);
        Assert.All(restricted.Hits, h => Assert.True(Number(h.Id) < 12, h.Id));
        Assert.Equal(Search(_off, "model results", 5).Hits.Select(h => h.Id), restricted.Hits.Select(h => h.Id));
    }

    [Fact]
    public void When_too_few_papers_hold_every_common_word_those_holding_all_but_one_are_ranked_as_without_the_restriction()
    {
        var all = Search(_restricted, "model results method", 5);
        var most = Search(_restricted, "model results method", 10);
        var off = Search(_off, "model results method", 30);

        Assert.Equal(6, all.Total);     // enough papers hold all three
        Assert.All(all.Hits, h => Assert.InRange(Number(h.Id), 6, 11));
        Assert.Equal(18, most.Total);   // six are too few for ten: those holding two of the three
        Assert.Equal(10, most.Hits.Count);
        Assert.All(most.Hits, h => Assert.Equal(off.Hits.Single(o => o.Id == h.Id).Score, h.Score, 4));
        Assert.Equal(off.Hits.Where(h => Number(h.Id) < 18).Take(10).Select(h => h.Id), most.Hits.Select(h => h.Id));
        // Scored by Lucene (its minimum that should match) the same: the papers, their order and their scores.
        _restricted.Exhaustive = true;
        var lucene = Search(_restricted, "model results method", 10);
        _restricted.Exhaustive = false;
        Assert.Equal(lucene.Hits.Select(h => (h.Id, MathF.Round(h.Score, 4))), most.Hits.Select(h => (h.Id, MathF.Round(h.Score, 4))));
        Assert.Equal(18, lucene.Total);
    }

    [Fact]
    public void When_too_few_papers_hold_all_but_one_common_word_the_full_query_ranks_them_all()
    {
        var restricted = Search(_restricted, "model results method", 20);
        var off = Search(_off, "model results method", 20);

        Assert.Equal(24, restricted.Total);
        Assert.Equal(off.Total, restricted.Total);
        Assert.Equal(off.Hits.Select(h => h.Id), restricted.Hits.Select(h => h.Id));
    }

    [Fact]
    public void When_too_few_papers_hold_a_rarer_word_the_full_query_ranks_them_all()
    {
        var restricted = Search(_restricted, "model zymurgy", 20);
        var off = Search(_off, "model zymurgy", 20);

        Assert.Equal(off.Total, restricted.Total);
        Assert.Equal(off.Hits.Select(h => h.Id), restricted.Hits.Select(h => h.Id));
    }

    [Fact]
    public void A_word_no_paper_holds_leaves_the_common_words_to_rank()
    {
        var restricted = Search(_restricted, "model results zymurgx", 5);

        Assert.Equal(12, restricted.Total);
        Assert.Equal(5, restricted.Hits.Count);
    }

    [Fact]
    public void Small_catalogues_rank_exactly_as_without_it_by_default()
    {
        using var defaults = KeywordIndex.InMemory(KeywordIndex.K1, KeywordIndex.B, new RankingWeights());
        foreach (var id in Enumerable.Range(0, 30))
        {
            defaults.Upsert(new KeywordDocument
            {
                Id = $"2501.{id:D5}", Title = $"Paper number {id}", Abstract = id < 24 ? "model results" : "zymurgy",
                Authors = [], Categories = [], PublishedDay = 739_000,
            });
        }
        defaults.Commit();

        Assert.Equal(30, Search(defaults, "model zymurgy", 3).Total);
    }

    private static int Number(string id) => int.Parse(id[5..], System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsZymurgy(string id) => Number(id) is >= 8 and < 12 or >= 24 and < 26;
}
