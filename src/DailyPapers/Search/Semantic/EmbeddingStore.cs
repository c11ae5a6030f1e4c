using System.Data.Common;
using Dapper;
using DailyPapers.Search.Sync;
using DailyPapers.Storage;

namespace DailyPapers.Search.Semantic;

/// <summary>A paper that has no vector for a model yet, or whose text changed since it got one.</summary>
public sealed record PendingPaper(string ArxivId, string Title, string Abstract, string ContentHash);

/// <summary>A stored vector with the facts of its paper that vector search filters on.</summary>
public sealed record StoredVector(string ArxivId, float[] Vector, DateTime PublishedAt, string Categories, bool Hidden);

/// <summary>Paper embeddings in the database (table <c>paper_embeddings</c>): one vector per paper and model.</summary>
public sealed class EmbeddingStore(Database database, TimeProvider clock)
{
    private const string Pending =
        "FROM papers p LEFT JOIN paper_embeddings e ON e.arxiv_id = p.arxiv_id AND e.model = @model " +
        "WHERE p.hidden = @hidden AND (e.arxiv_id IS NULL OR e.content_hash <> p.content_hash)";

    /// <summary>Up to <paramref name="limit"/> papers to embed next, newest first (they are the most searched).</summary>
    public async Task<IReadOnlyList<PendingPaper>> PendingAsync(string model, int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<PendingPaper>(new CommandDefinition(
            $"SELECT p.arxiv_id AS ArxivId, p.title AS Title, p.abstract AS Abstract, p.content_hash AS ContentHash {Pending} ORDER BY p.published_at DESC, p.arxiv_id LIMIT @limit",
            new { model, limit, hidden = false }, cancellationToken: ct))).ToList();
    }

    public async Task<int> CountPendingAsync(string model, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT count(*) {Pending}", new { model, hidden = false }, cancellationToken: ct));
    }

    public async Task<int> CountAsync(string model, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM paper_embeddings WHERE model = @model", new { model }, cancellationToken: ct));
    }

    /// <summary>Stores vectors, replacing older ones of the same paper and model; a paper deleted meanwhile is skipped.</summary>
    public async Task SaveAsync(string model, IReadOnlyList<(PendingPaper Paper, float[] Vector)> vectors, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        await SaveAsync(connection, tx, model, vectors, clock.GetUtcNow().UtcDateTime, ct);
        await tx.CommitAsync(ct);
    }

    /// <inheritdoc cref="SaveAsync(string, IReadOnlyList{ValueTuple{PendingPaper, float[]}}, CancellationToken)"/>
    public static Task SaveAsync(
        DbConnection connection, DbTransaction tx, string model, IReadOnlyList<(PendingPaper Paper, float[] Vector)> vectors, DateTime now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO paper_embeddings (arxiv_id, model, dimensions, vector, content_hash, created_at)
            SELECT @ArxivId, @model, @dimensions, @vector, @ContentHash, @now WHERE EXISTS (SELECT 1 FROM papers WHERE arxiv_id = @ArxivId)
            ON CONFLICT (arxiv_id, model) DO UPDATE SET dimensions = excluded.dimensions, vector = excluded.vector,
                content_hash = excluded.content_hash, created_at = excluded.created_at
            """,
            vectors.Select(v => new { v.Paper.ArxivId, model, dimensions = v.Vector.Length, vector = VectorBytes.Encode(v.Vector), v.Paper.ContentHash, now }),
            tx, cancellationToken: ct));

    /// <summary>
    /// Whether any paper, or any vector of the model, changed after <paramref name="cursor"/>, and the cursor at the
    /// head of those changes (see <see cref="ChangeFeed"/>): an indexed read, where counting the pending papers reads
    /// every paper.
    /// </summary>
    public Task<(bool Changed, ChangeCursor Next)> ChangedSinceAsync(string model, ChangeCursor cursor, CancellationToken ct = default) =>
        ChangeFeed.InSnapshotAsync(database, async (connection, tx) =>
        {
            var changed = false;
            while (true)
            {
                var (ids, next, more) = await ChangeFeed.ReadAsync(connection, tx,
                    [new ChangeFeed.Source("papers"), new ChangeFeed.Source("paper_embeddings", "model = @model")], cursor, new { model }, 10_000, ct);
                changed |= ids.Count > 0;
                cursor = next;
                if (!more)
                {
                    return (changed, cursor);
                }
            }
        }, ct);

    /// <summary>The vectors of a model changed after <paramref name="cursor"/>, with their papers' facts (see <see cref="ChangeFeed"/>).</summary>
    public static async Task<(IReadOnlyList<StoredVector> Vectors, ChangeCursor Next, bool More)> ReadChangesAsync(
        DbConnection connection, DbTransaction tx, string model, ChangeCursor cursor, int limit, CancellationToken ct)
    {
        var (ids, next, more) = await ChangeFeed.ReadAsync(connection, tx,
            [new ChangeFeed.Source("paper_embeddings", "model = @model")], cursor, new { model }, limit, ct);
        if (ids.Count == 0)
        {
            return ([], next, more);
        }
        var idList = ids.ToArray();
        var rows = await connection.QueryAsync<VectorRow>(new CommandDefinition(
            "SELECT e.arxiv_id, e.vector, p.published_at, p.categories, p.hidden FROM paper_embeddings e JOIN papers p ON p.arxiv_id = e.arxiv_id " +
            $"WHERE e.model = @model AND {SqlDialect.InList(connection, "e.arxiv_id", "idList")}",
            new { model, idList }, tx, cancellationToken: ct));
        return (rows.Select(r => new StoredVector(r.ArxivId, VectorBytes.Decode(r.Vector), r.PublishedAt, r.Categories, r.Hidden)).ToList(), next, more);
    }

    private sealed class VectorRow
    {
        public string ArxivId { get; init; } = "";
        public byte[] Vector { get; init; } = [];
        public DateTime PublishedAt { get; init; }
        public string Categories { get; init; } = "";
        public bool Hidden { get; init; }
    }
}
