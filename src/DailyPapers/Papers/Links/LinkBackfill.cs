using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Papers.Links;

/// <summary>
/// Looks once for code links in the papers a database held before migration 0015 (the paper writer looks in every
/// paper written since). Migration 0015 leaves a cursor in <c>site_state</c> when there were papers; each run goes
/// on from it in batches (<see cref="CursorBackfill"/>), in arXiv id order, and drops it when done, so a stop loses at most one batch.
/// </summary>
public sealed class LinkBackfill(Database database, ILogger<LinkBackfill> logger)
{
    public const string CursorKey = "paper_links_backfill";

    public const int BatchSize = 1000;

    /// <summary>Works through what is left; returns how many papers it read (0 when there was nothing to do).</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var read = await CursorBackfill.RunAsync<(string ArxivId, string Abstract, string? Comments)>(database, CursorKey, BatchSize,
            async (connection, after) => (await connection.QueryAsync<(string, string, string?)>(new CommandDefinition(
                "SELECT arxiv_id, abstract, comments FROM papers WHERE arxiv_id > @after ORDER BY arxiv_id LIMIT @limit",
                new { after, limit = BatchSize }, cancellationToken: ct))).ToList(),
            r => r.ArxivId,
            (connection, tx, rows) => connection.ExecuteAsync(
                "INSERT INTO paper_links (arxiv_id, found_github_repo, found_project_page) VALUES (@arxivId, @repo, @page) " +
                "ON CONFLICT (arxiv_id) DO UPDATE SET found_github_repo = COALESCE(paper_links.found_github_repo, excluded.found_github_repo), " +
                "found_project_page = COALESCE(paper_links.found_project_page, excluded.found_project_page)",
                rows.Select(r => (r.ArxivId, Links: CodeLinks.Find(r.Abstract, r.Comments)))
                    .Where(r => !r.Links.IsEmpty)
                    .Select(r => new { arxivId = r.ArxivId, repo = r.Links.GithubRepo, page = r.Links.ProjectPage }), tx),
            ct);
        if (read > 0)
        {
            logger.LogInformation("Looked for code links in {Count} papers stored before linked code existed", read);
        }
        return read;
    }
}
