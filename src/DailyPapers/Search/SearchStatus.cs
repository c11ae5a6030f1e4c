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

    /// <summary>Papers without a vector of <see cref="Model"/> for their current text.</summary>
    public required long EmbeddingBacklog { get; init; }

    /// <summary>Vectors of <see cref="Model"/> stored in the last <see cref="SearchStatus.RateWindow"/>, by any node.</summary>
    public required long EmbeddedRecently { get; init; }

    /// <summary>How far <paramref name="position"/> is behind: paper changes plus vector changes not applied yet.</summary>
    public long Lag(IndexPosition position) =>
        Math.Max(0, PaperHead - position.Papers) + Math.Max(0, VectorHead - position.Vectors);
}

/// <summary>Reads the figures of <see cref="SearchFigures"/> and this node's <see cref="IndexPosition"/>.</summary>
public sealed class SearchStatus(Database database, SearchIndexes indexes, EmbeddingStore embeddings, TimeProvider clock)
{
    /// <summary>The window of the embedding rate.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(10);

    public IndexPosition Position => indexes.Position;

    public string Model => indexes.Embedder.Model.Name;

    public async Task<SearchFigures> ReadAsync(CancellationToken ct = default)
    {
        var model = Model;
        var backlog = await embeddings.CountPendingAsync(model, ct);
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
}
