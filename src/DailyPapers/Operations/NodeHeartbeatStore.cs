using Dapper;
using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Operations;

/// <summary>A node's last heartbeat: when it started, when it was last seen, and its search index position then.</summary>
public sealed record NodeHeartbeatRow
{
    public string Node { get; init; } = "";
    public DateTime StartedAt { get; init; }
    public DateTime SeenAt { get; init; }
    public long PaperPosition { get; init; }
    public long VectorPosition { get; init; }
    public int IndexedPapers { get; init; }
}

/// <summary><c>node_heartbeats</c>: one row per web node on the database, written by <see cref="NodeHeartbeat"/>.</summary>
public sealed class NodeHeartbeatStore(Database database)
{
    /// <summary>Rows not refreshed for this long are removed: the node is gone (renamed, or retired).</summary>
    public static readonly TimeSpan Forget = TimeSpan.FromDays(7);

    public async Task BeatAsync(string node, DateTime startedAt, DateTime now, IndexPosition position, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO node_heartbeats (node, started_at, seen_at, paper_position, vector_position, indexed_papers)
            VALUES (@node, @startedAt, @now, @papers, @vectors, @indexed)
            ON CONFLICT (node) DO UPDATE SET started_at = excluded.started_at, seen_at = excluded.seen_at,
                paper_position = excluded.paper_position, vector_position = excluded.vector_position, indexed_papers = excluded.indexed_papers
            """,
            new { node, startedAt, now, papers = position.Papers, vectors = position.Vectors, indexed = position.IndexedPapers }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM node_heartbeats WHERE seen_at < @before", new { before = now - Forget }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>Every node seen in the last <see cref="Forget"/>, most recently seen first.</summary>
    public async Task<IReadOnlyList<NodeHeartbeatRow>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<NodeHeartbeatRow>(new CommandDefinition(
            "SELECT node, started_at, seen_at, paper_position, vector_position, indexed_papers FROM node_heartbeats ORDER BY seen_at DESC, node",
            cancellationToken: ct))).ToList();
    }
}
