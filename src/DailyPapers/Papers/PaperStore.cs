using System.Data.Common;
using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Papers;

/// <summary>What an upsert did to the stored paper.</summary>
public enum UpsertOutcome
{
    Inserted,
    Updated,
    Unchanged,
}

/// <summary>Reads and writes papers with their authors and versions, keyed by arXiv id without version.</summary>
public sealed partial class PaperStore(Database database, TimeProvider clock)
{
    public Database Database => database;

    public async Task<Paper?> GetAsync(string arxivId, CancellationToken ct = default)
    {
        var list = await GetManyAsync([arxivId], ct);
        return list.Count == 0 ? null : list[0];
    }

    /// <summary>The papers with these ids, with authors and versions, in no particular order.</summary>
    public async Task<IReadOnlyList<Paper>> GetManyAsync(IReadOnlyCollection<string> arxivIds, CancellationToken ct = default)
    {
        if (arxivIds.Count == 0)
        {
            return [];
        }
        await using var connection = await database.OpenAsync(ct);
        return await LoadAsync(connection, arxivIds, ct);
    }

    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM papers");
    }

    /// <summary>Upserts one paper in its own transaction.</summary>
    public async Task<UpsertOutcome> UpsertAsync(Paper paper, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        var outcome = await UpsertAsync(connection, tx, paper);
        await tx.CommitAsync(ct);
        return outcome;
    }

    /// <summary>
    /// Inserts a new paper or merges a newer description of a stored one. A record describing an older version
    /// than the stored one changes nothing; the same record twice changes nothing (content hash). Community
    /// state (upvotes, hidden) is never overwritten by a source.
    /// </summary>
    public async Task<UpsertOutcome> UpsertAsync(DbConnection connection, DbTransaction tx, Paper paper)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = PaperContentHash.Of(paper);
        var stored = await connection.QuerySingleOrDefaultAsync<StoredState>(
            "SELECT latest_version, content_hash FROM papers WHERE arxiv_id = @ArxivId", new { paper.ArxivId }, tx);
        if (stored is null)
        {
            await connection.ExecuteAsync(InsertSql, Row(paper, hash, now), tx);
        }
        else if (paper.LatestVersion < stored.LatestVersion || hash == stored.ContentHash)
        {
            return UpsertOutcome.Unchanged;
        }
        else
        {
            await connection.ExecuteAsync(UpdateSql, Row(paper, hash, now), tx);
            if (paper.Authors.Count > 0)
            {
                await connection.ExecuteAsync("DELETE FROM paper_authors WHERE arxiv_id = @ArxivId", new { paper.ArxivId }, tx);
            }
        }
        if (stored is null || paper.Authors.Count > 0)
        {
            await connection.ExecuteAsync(
                "INSERT INTO paper_authors (arxiv_id, position, name, affiliation) VALUES (@ArxivId, @Position, @Name, @Affiliation)",
                paper.Authors.Select((a, i) => new { paper.ArxivId, Position = i, a.Name, a.Affiliation }), tx);
        }
        await connection.ExecuteAsync(
            """
            INSERT INTO paper_versions (arxiv_id, version, created_at, size) VALUES (@ArxivId, @Number, @CreatedAt, @Size)
            ON CONFLICT (arxiv_id, version) DO UPDATE SET size = COALESCE(excluded.size, paper_versions.size)
            """,
            paper.Versions.Select(v => new { paper.ArxivId, v.Number, v.CreatedAt, v.Size }), tx);
        return stored is null ? UpsertOutcome.Inserted : UpsertOutcome.Updated;
    }

    private sealed class StoredState
    {
        public int LatestVersion { get; init; }
        public string ContentHash { get; init; } = "";
    }
}
