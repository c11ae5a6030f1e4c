using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Papers.Links;

/// <summary>
/// Looks once for code links in the papers a database held before migration 0015 (the paper writer looks in every
/// paper written since). Migration 0015 leaves a cursor in <c>site_state</c> when there were papers; each run goes
/// on from it in batches, in arXiv id order, and drops it when done, so a stop loses at most one batch.
/// </summary>
public sealed class LinkBackfill(Database database, ILogger<LinkBackfill> logger)
{
    public const string CursorKey = "paper_links_backfill";

    public const int BatchSize = 1000;

    /// <summary>Works through what is left; returns how many papers it read (0 when there was nothing to do).</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var read = 0;
        while (!ct.IsCancellationRequested)
        {
            await using var connection = await database.OpenAsync(ct);
            var after = await SiteState.GetAsync(connection, null, CursorKey);
            if (after is null)
            {
                break;
            }
            var rows = (await connection.QueryAsync<(string ArxivId, string Abstract, string? Comments)>(new CommandDefinition(
                "SELECT arxiv_id, abstract, comments FROM papers WHERE arxiv_id > @after ORDER BY arxiv_id LIMIT @limit",
                new { after, limit = BatchSize }, cancellationToken: ct))).ToList();
            var found = rows
                .Select(r => (r.ArxivId, Links: CodeLinks.Find(r.Abstract, r.Comments)))
                .Where(r => !r.Links.IsEmpty)
                .Select(r => new { arxivId = r.ArxivId, repo = r.Links.GithubRepo, page = r.Links.ProjectPage })
                .ToList();
            await using var tx = await database.BeginWriteAsync(connection, ct);
            await connection.ExecuteAsync(
                "INSERT INTO paper_links (arxiv_id, found_github_repo, found_project_page) VALUES (@arxivId, @repo, @page) " +
                "ON CONFLICT (arxiv_id) DO UPDATE SET found_github_repo = COALESCE(paper_links.found_github_repo, excluded.found_github_repo), " +
                "found_project_page = COALESCE(paper_links.found_project_page, excluded.found_project_page)",
                found, tx);
            if (rows.Count < BatchSize)
            {
                await connection.ExecuteAsync("DELETE FROM site_state WHERE key = @key", new { key = CursorKey }, tx);
            }
            else
            {
                await SiteState.SetAsync(connection, tx, CursorKey, rows[^1].ArxivId);
            }
            await tx.CommitAsync(ct);
            read += rows.Count;
            if (rows.Count < BatchSize)
            {
                logger.LogInformation("Looked for code links in {Count} papers stored before linked code existed", read);
                break;
            }
        }
        return read;
    }
}
