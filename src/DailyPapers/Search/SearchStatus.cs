using System.Data.Common;
using Dapper;
using DailyPapers.Search.Semantic;
using DailyPapers.Storage;

namespace DailyPapers.Search;

/// <summary>
/// How far a node's search index has followed the database: the last paper change and the last vector change it
/// applied (<c>change_seq</c>, see Search/Sync/ChangeFeed.cs), the papers in its keyword index, and whether it has caught up since start-up.
/// </summary>
public sealed record IndexPosition(long Papers, long Vectors, int IndexedPapers, bool Ready);

/// <summary>Search as the database sees it: the newest changes any index must reach, and the embedding job's work.</summary>
public sealed record SearchFigures
{
    public required string Model { get; init; }

    /// <summary>The newest paper change (papers and tombstones) and vector change of <see cref="Model"/> committed.</summary>
    public required long PaperHead { get; init; }

    public required long VectorHead { get; init; }

    /// <summary>Papers without a vector of <see cref="Model"/> for their current text (counted at most once every <see cref="SearchStatus.BacklogInterval"/>).</summary>
    public required long EmbeddingBacklog { get; init; }

    /// <summary>Vectors of <see cref="Model"/> stored in the last <see cref="SearchStatus.RateWindow"/>, by any node.</summary>
    public required long EmbeddedRecently { get; init; }

    /// <summary>How far <paramref name="position"/> is behind: paper changes plus vector changes not applied yet.</summary>
    public long Lag(IndexPosition position) =>
        Math.Max(0, PaperHead - position.Papers) + Math.Max(0, VectorHead - position.Vectors);
}

/// <summary>
/// Reads the figures of <see cref="SearchFigures"/> and this node's <see cref="IndexPosition"/>, for <c>/metrics</c> and
/// <c>/admin/status</c>. All are index lookups but the embedding backlog, which looks at every paper (4–8 s of a core at
/// 2.8 M papers, where every scrape of <c>/metrics</c> took 6–11 s with it): it is counted by the first read, then again
/// at most once every <see cref="BacklogInterval"/>, beside the reads, which give the last count meanwhile.
/// </summary>
public sealed class SearchStatus(Database database, SearchIndexes indexes, EmbeddingStore embeddings, TimeProvider clock, ILogger<SearchStatus> logger)
{
    /// <summary>The window of the embedding rate.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(10);

    /// <summary>How old the backlog's count may grow before a read has it counted again.</summary>
    public static readonly TimeSpan BacklogInterval = TimeSpan.FromMinutes(5);

    private readonly Lock _backlogLock = new();
    private (string Model, long Count, DateTimeOffset At)? _backlog;
    private Task _counting = Task.CompletedTask;

    public IndexPosition Position => indexes.Position;

    public string Model => indexes.Embedder.Model.Name;

    public async Task<SearchFigures> ReadAsync(CancellationToken ct = default)
    {
        var model = Model;
        var backlog = await BacklogAsync(model, ct);
        await using var connection = await database.OpenAsync(ct);
        var paperHead = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT max(h) FROM (SELECT coalesce(max(change_seq), 0) AS h FROM papers UNION ALL SELECT coalesce(max(change_seq), 0) FROM paper_tombstones) AS heads",
            cancellationToken: ct));
        var vectorHead = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT coalesce(max(change_seq), 0) FROM paper_embeddings WHERE model = @model", new { model }, cancellationToken: ct));
        var recent = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM paper_embeddings WHERE model = @model AND created_at >= @since",
            new { model, since = clock.GetUtcNow().UtcDateTime - RateWindow }, cancellationToken: ct));
        return new SearchFigures
        {
            Model = model, PaperHead = paperHead, VectorHead = vectorHead, EmbeddingBacklog = backlog, EmbeddedRecently = recent,
        };
    }

    private async Task<long> BacklogAsync(string model, CancellationToken ct)
    {
        lock (_backlogLock)
        {
            if (_backlog is { } known && known.Model == model)
            {
                if (_counting.IsCompleted && clock.GetUtcNow() - known.At >= BacklogInterval)
                {
                    _backlog = known with { At = clock.GetUtcNow() };
                    _counting = Task.Run(() => RecountAsync(model), CancellationToken.None);
                }
                return known.Count;
            }
        }
        var count = await embeddings.CountPendingAsync(model, ct);
        lock (_backlogLock)
        {
            _backlog = (model, count, clock.GetUtcNow());
        }
        return count;
    }

    private async Task RecountAsync(string model)
    {
        try
        {
            var count = await embeddings.CountPendingAsync(model);
            lock (_backlogLock)
            {
                _backlog = (model, count, clock.GetUtcNow());
            }
        }
        catch (DbException e)
        {
            // The last count stands; a read past the interval tries again.
            logger.LogWarning(e, "Counting the embedding backlog failed");
        }
    }
}
