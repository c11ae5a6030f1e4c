using DailyPapers.Papers;
using DailyPapers.Search.Keyword;
using DailyPapers.Search.Semantic;
using DailyPapers.Storage;

namespace DailyPapers.Search.Sync;

/// <summary>
/// Applies what changed in the database to this node's <see cref="SearchIndexes"/>: changed or deleted papers
/// to the keyword index (committed with the new cursor, so a restart continues where it stopped) and to the
/// vectors' facts, then new vectors of the configured model. The poller and on-demand catch-ups share one
/// gate, so changes are applied by one caller at a time and in order.
/// </summary>
public sealed class SearchIndexSync(SearchIndexes indexes, Database database, ILogger<SearchIndexSync> logger) : IDisposable
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
        bool more;
        do
        {
            var cursor = indexes.PaperCursor;
            var (ids, papers, next, hasMore) = await ChangeFeed.InSnapshotAsync(database, async (connection, tx) =>
            {
                var (ids, next, more) = await ChangeFeed.ReadAsync(connection, tx,
                    [new ChangeFeed.Source("papers"), new ChangeFeed.Source("paper_tombstones")], cursor, new { }, PageSize, ct);
                var papers = ids.Count == 0 ? [] : await PaperStore.LoadAsync(connection, ids, ct);
                return (ids, papers, next, more);
            }, ct);
            more = hasMore;
            if (ids.Count == 0)
            {
                // Nothing new: keep the newer snapshot in memory, but do not write a commit every poll.
                indexes.PaperCursor = next;
                break;
            }
            var current = papers.ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
            foreach (var id in ids)
            {
                if (current.TryGetValue(id, out var paper))
                {
                    Apply(keyword, paper);
                }
                else
                {
                    keyword.Delete(id);
                    indexes.Vectors.Remove(id);
                }
            }
            keyword.Commit(indexes.CommitData(next));
            indexes.PaperCursor = next;
            applied += ids.Count;
            if (ids.Count > 0 && (more || applied > PageSize))
            {
                logger.LogInformation("Search index: applied {Count} paper changes (up to change {Seq})", applied, next.Seq);
            }
        }
        while (more);
        return applied;
    }

    private void Apply(KeywordIndex keyword, Paper paper)
    {
        var day = DateOnly.FromDateTime(paper.PublishedAt).DayNumber;
        var categories = paper.Categories.ToArray();
        indexes.Vectors.UpdateFacts(paper.ArxivId, day, categories, visible: !paper.Hidden);
        if (paper.Hidden)
        {
            keyword.Delete(paper.ArxivId);
            return;
        }
        keyword.Upsert(new KeywordDocument
        {
            Id = paper.ArxivId,
            Title = PaperText.Display(paper.Title),
            Abstract = PaperText.Display(paper.Abstract),
            Authors = paper.Authors.Select(a => a.Name).ToList(),
            Categories = categories,
            PublishedDay = day,
            Doi = paper.Doi,
        });
    }

    private async Task<int> SyncVectorsAsync(CancellationToken ct)
    {
        var model = indexes.Embedder.Model.Name;
        var applied = 0;
        bool more;
        do
        {
            var cursor = indexes.VectorCursor;
            var (vectors, next, hasMore) = await ChangeFeed.InSnapshotAsync(database,
                (connection, tx) => EmbeddingStore.ReadChangesAsync(connection, tx, model, cursor, PageSize, ct), ct);
            more = hasMore;
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
        return applied;
    }

    public void Dispose() => _gate.Dispose();
}
