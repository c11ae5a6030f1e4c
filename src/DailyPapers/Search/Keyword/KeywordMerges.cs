using Lucene.Net.Index;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// How the keyword index's writer runs merges. Lucene 4.8's default scheduler starts at most two merges (one runs,
/// the other waits) and makes the thread that asks for a third wait until one ends; during a large catch-up that
/// thread is the commit's, so while a merge of gigabytes runs (a 2.8 M build's last merges) the indexing threads
/// stand idle and one core works. Here six may be started (Lucene 5's default for a solid-state disk: a merge thread
/// for every two cores, at most four, and five merges more than threads), so indexing goes on beside a long merge.
/// Which segments are merged is the merge policy's choice either way; the papers and their scores do not change.
/// </summary>
internal static class KeywordMerges
{
    public const int MaxMergeCount = 6;
    public const int MaxThreadCount = 1;

    public static ConcurrentMergeScheduler Scheduler()
    {
        var scheduler = new ConcurrentMergeScheduler();
        scheduler.SetMaxMergesAndThreads(MaxMergeCount, MaxThreadCount);
        return scheduler;
    }

    /// <summary>
    /// Starts merging <paramref name="index"/> down to one segment, on the merge thread (<see cref="SearchOptions.MergeAfterBacklog"/>):
    /// searches go on reading the segments they have; the merged one is theirs after the next commit.
    /// </summary>
    public static void MergeDown(KeywordIndex index) => index.Writer.ForceMerge(1, doWait: false);

    /// <summary>True when a merge has finished (or anything else changed) since the last commit.</summary>
    public static bool Uncommitted(KeywordIndex index) => index.Writer.HasUncommittedChanges();
}
