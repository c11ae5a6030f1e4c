using DailyPapers.Papers;
using DailyPapers.Search.Keyword;
using DailyPapers.Search.Semantic;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Search.Sync;

/// <summary>
/// Applies what changed in the database to this node's <see cref="SearchIndexes"/>: changed or deleted papers
/// to the keyword index (committed with the new cursor, so a restart continues where it stopped) and to the
/// vectors' facts, then new vectors of the configured model. The poller and on-demand catch-ups share one
/// gate, so changes are applied by one caller at a time and in order.
/// </summary>
public sealed class SearchIndexSync(SearchIndexes indexes, Database database, IOptions<SearchOptions> options, ILogger<SearchIndexSync> logger) : IDisposable
{
    private const int PageSize = 2000;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Opens the indexes if needed and applies every change committed so far; returns how many papers and vectors it applied.</summary>
    public async Task<int> SyncAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await indexes.OpenAsync(ct);
            var applied = await SyncPapersAsync(ct) + await SyncVectorsAsync(ct);
            indexes.MaybeSaveVectors();
            if (!indexes.Ready)
            {
                indexes.Ready = true;
                logger.LogInformation("Search index ready: {Papers} papers, {Vectors} with {Model} vectors",
                    indexes.Keyword!.Count, indexes.Vectors.VisibleCount, indexes.Embedder.Model.Name);
            }
            return applied;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// For a snapshot: applies every change committed so far, commits the keyword index with the position reached and
    /// holds that commit, saves the vector index with the same positions, and runs <paramref name="copyVectors"/> on its
    /// folder before the next change is applied (the vectors' file is written in place: only this gate keeps it still).
    /// The caller copies the held commit's files and then releases it.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000", Justification = "The hold goes to the caller in the capture, which releases it.")]
    internal async Task<SnapshotCapture> CaptureAsync(Action<string> copyVectors, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await indexes.OpenAsync(ct);
            await SyncPapersAsync(ct);
            await SyncVectorsAsync(ct);
            var keyword = indexes.Keyword!;
            keyword.Commit(indexes.CommitData(indexes.PaperCursor));
            var hold = keyword.HoldLastCommit();
            try
            {
                indexes.SaveVectorsNow();
                copyVectors(indexes.VectorFolderPath);
                return new SnapshotCapture(hold, indexes.PaperCursor, indexes.VectorCursor, keyword.Count, indexes.Vectors.VisibleCount, indexes.Vectors.UsesHnsw);
            }
            catch
            {
                hold.Dispose();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Applies what is committed now, for a reader who must see it (a page about to be cached); gives up after
    /// <paramref name="wait"/> if another sync holds the gate (the start-up catch-up of a large catalogue).
    /// </summary>
    public async Task<bool> CatchUpAsync(TimeSpan wait, CancellationToken ct)
    {
        if (!await _gate.WaitAsync(wait, ct))
        {
            return false;
        }
        _gate.Release();
        await SyncAsync(ct);
        return true;
    }

    private async Task<int> SyncPapersAsync(CancellationToken ct)
    {
        var keyword = indexes.Keyword!;
        var applied = 0;
        var uncommitted = 0;
        // A build into an empty index adds each paper the first time it comes, without a delete term (FreshBuild).
        var fresh = keyword.IsEmpty ? new FreshBuild() : null;
        // The next page is read while this one is indexed; pages are applied one after the other, in order.
        Task<PaperPage>? reading = ReadPapersAsync(indexes.PaperCursor, ct);
        try
        {
            while (reading is not null)
            {
                var page = await reading;
                reading = null;
                if (page.Ids.Count == 0)
                {
                    // Nothing new: keep the newer snapshot in memory, but do not write a commit every poll, only
                    // when a merge has finished since the last (KeywordMerges.MergeDown): searches then read it, and
                    // a restart keeps it.
                    indexes.PaperCursor = page.Next;
                    if (KeywordMerges.Uncommitted(keyword))
                    {
                        Commit(keyword, applied);
                    }
                    break;
                }
                if (page.More)
                {
                    reading = ReadPapersAsync(page.Next, ct);
                }
                ApplyPage(keyword, page, fresh);
                indexes.PaperCursor = page.Next;
                applied += page.Ids.Count;
                uncommitted += page.Ids.Count;
                // A long catch-up commits its first page (the node searches at once), then every
                // CatchUpCommitInterval changes: a commit flushes a segment and records the position it reflects.
                if (reading is not null && (applied == page.Ids.Count || uncommitted >= options.Value.CatchUpCommitInterval))
                {
                    Commit(keyword, applied);
                    uncommitted = 0;
                }
            }
        }
        finally
        {
            if (reading is not null)
            {
                // A page failed: the page read ahead is not applied, but its failure must not go unobserved.
                await reading.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            }
        }
        if (uncommitted > 0)
        {
            Commit(keyword, applied);
        }
        if (options.Value.MergeAfterBacklog > 0 && applied >= options.Value.MergeAfterBacklog)
        {
            KeywordMerges.MergeDown(keyword);
            logger.LogInformation("Search index: merging the keyword index down to one segment after {Count} changes", applied);
        }
        return applied;
    }

    private void Commit(KeywordIndex keyword, int applied)
    {
        keyword.Commit(indexes.CommitData(indexes.PaperCursor));
        if (applied > PageSize)
        {
            logger.LogInformation("Search index: applied {Count} paper changes (up to change {Seq})", applied, indexes.PaperCursor.Seq);
        }
    }

    private sealed record PaperPage(IReadOnlyList<string> Ids, IReadOnlyDictionary<string, Paper> Papers, ChangeCursor Next, bool More);

    private Task<PaperPage> ReadPapersAsync(ChangeCursor cursor, CancellationToken ct) =>
        ChangeFeed.InSnapshotAsync(database, async (connection, tx) =>
        {
            var (ids, next, more) = await ChangeFeed.ReadAsync(connection, tx,
                [new ChangeFeed.Source("papers"), new ChangeFeed.Source("paper_tombstones")], cursor, new { }, PageSize, ct);
            var papers = ids.Count == 0 ? [] : await PaperStore.LoadAsync(connection, ids, ct);
            return new PaperPage(ids, papers.ToDictionary(p => p.ArxivId, StringComparer.Ordinal), next, more);
        }, ct);

    /// <summary>
    /// Applies one page of changes. A full page (a backlog: a new node's first build, a bulk import) is added to
    /// the keyword index by <see cref="SearchOptions.IndexThreads"/> threads: a page names each paper once, so the
    /// order within it does not matter. In a build from an empty index (<paramref name="fresh"/>), a paper's first
    /// time is an add, and a hidden or deleted paper's first time needs nothing. The vectors' facts are updated on
    /// this thread, in the page's order.
    /// </summary>
    private void ApplyPage(KeywordIndex keyword, PaperPage page, FreshBuild? fresh)
    {
        var threads = page.More ? Math.Max(1, options.Value.IndexThreads) : 1;
        var first = fresh is null ? null : page.Ids.Select(fresh.FirstTime).ToArray();
        Parallel.For(0, page.Ids.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var id = page.Ids[i];
            var firstTime = first is not null && first[i];
            if (page.Papers.TryGetValue(id, out var paper) && !paper.Hidden)
            {
                if (firstTime)
                {
                    keyword.Add(KeywordDocumentOf(paper));
                }
                else
                {
                    keyword.Upsert(KeywordDocumentOf(paper));
                }
            }
            else if (!firstTime)
            {
                keyword.Delete(id);
            }
        });
        foreach (var id in page.Ids)
        {
            if (page.Papers.TryGetValue(id, out var paper))
            {
                indexes.Vectors.UpdateFacts(paper.ArxivId, DateOnly.FromDateTime(paper.PublishedAt).DayNumber, paper.Categories.ToArray(), visible: !paper.Hidden);
            }
            else
            {
                indexes.Vectors.Remove(id);
            }
        }
    }

    private static KeywordDocument KeywordDocumentOf(Paper paper) => new()
    {
        Id = paper.ArxivId,
        Title = PaperText.Display(paper.Title),
        Abstract = PaperText.Display(paper.Abstract),
        Authors = paper.Authors.Select(a => a.Name).ToList(),
        Categories = paper.Categories.ToArray(),
        PublishedDay = DateOnly.FromDateTime(paper.PublishedAt).DayNumber,
        Doi = paper.Doi,
    };

    private async Task<int> SyncVectorsAsync(CancellationToken ct)
    {
        var model = indexes.Embedder.Model.Name;
        var applied = 0;
        var backlog = false;
        bool more;
        try
        {
            do
            {
                var cursor = indexes.VectorCursor;
                var (vectors, next, hasMore) = await ChangeFeed.InSnapshotAsync(database,
                    (connection, tx) => EmbeddingStore.ReadChangesAsync(connection, tx, model, cursor, PageSize, ct), ct);
                more = hasMore;
                if (more && !backlog)
                {
                    // More than a page waits: the graph is built once it is all in (VectorIndex.DeferGraphBuild).
                    backlog = true;
                    indexes.Vectors.DeferGraphBuild(true);
                }
                foreach (var v in vectors)
                {
                    if (v.Vector.Length == indexes.Vectors.Dimensions)
                    {
                        indexes.Vectors.Upsert(v.ArxivId, v.Vector, DateOnly.FromDateTime(v.PublishedAt).DayNumber,
                            v.Categories.Split(' ', StringSplitOptions.RemoveEmptyEntries), visible: !v.Hidden);
                    }
                }
                indexes.VectorCursor = next;
                applied += vectors.Count;
            }
            while (more);
        }
        finally
        {
            if (backlog)
            {
                indexes.Vectors.DeferGraphBuild(false);
            }
        }
        return applied;
    }

    public void Dispose() => _gate.Dispose();
}

/// <summary>The indexes at one moment: the keyword commit held (dispose to release it) and what the vector copy reflects.</summary>
internal sealed record SnapshotCapture(KeywordCommitHold Keyword, ChangeCursor Papers, ChangeCursor Vectors, int PaperCount, int VectorCount, bool Graph) : IDisposable
{
    public void Dispose() => Keyword.Dispose();
}
