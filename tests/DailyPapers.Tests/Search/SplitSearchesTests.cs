using DailyPapers.Search.Keyword;

namespace DailyPapers.Tests.Search;

/// <summary>A keyword search uses several threads only when it runs alone or the running searches' threads fit the cores, and only over enough papers.</summary>
public sealed class SplitSearchesTests
{
    [Fact]
    public void A_search_alone_over_enough_papers_is_split_and_one_beside_others_only_where_the_cores_suffice()
    {
        var split = new SplitSearches { Threads = 2, PapersPerThread = 50_000 };

        Assert.Equal(2, split.Enter(2_800_000, 6));
        var second = split.Enter(2_800_000, 6); // two searches of two threads each
        Assert.Equal(2 * 2 <= Environment.ProcessorCount ? 2 : 1, second);
        split.Leave();
        split.Leave();

        Assert.Equal(1, split.Enter(99_999, 6)); // under 50,000 papers a thread
        split.Leave();
        Assert.Equal(2, split.Enter(100_000, 6));
        split.Leave();
        Assert.Equal(1, split.Enter(2_800_000, 4)); // a short query: its set-up is most of its cost
        split.Leave();
    }

    [Fact]
    public void Under_load_every_search_keeps_to_one_thread_and_splits_again_once_alone()
    {
        var split = new SplitSearches { Threads = 2, PapersPerThread = 1 };
        var busy = Environment.ProcessorCount; // that many searches already running
        for (var i = 0; i < busy; i++)
        {
            split.Enter(1_000, 6);
        }

        Assert.Equal(1, split.Enter(1_000, 6));
        for (var i = 0; i <= busy; i++)
        {
            split.Leave();
        }
        Assert.Equal(2, split.Enter(1_000, 6));
        split.Leave();
        Assert.Equal(1, new SplitSearches { Threads = 1, PapersPerThread = 1 }.Enter(1_000_000, 6));
    }
}
