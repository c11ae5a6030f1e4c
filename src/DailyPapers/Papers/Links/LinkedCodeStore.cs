using System.Data.Common;
using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Papers.Links;

/// <summary>
/// Reads papers' linked code (found links, what a person set, stars) and stores what a person sets. The paper
/// writer keeps the found links (PaperBatchWriter); the star job keeps <c>github_repos</c> (Ingest/GitHub).
/// </summary>
public sealed class LinkedCodeStore(Database database, TimeProvider clock)
{
    /// <summary>The effective repository of a <c>paper_links</c> row <c>l</c> ('' when a person removed it).</summary>
    public const string EffectiveRepo = "COALESCE(l.github_repo, l.found_github_repo)";

    public async Task<LinkedCode?> GetAsync(string arxivId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await LoadAsync(connection, [arxivId], ct)).GetValueOrDefault(arxivId);
    }

    /// <summary>The linked code of those of these papers that have any, by arXiv id.</summary>
    public static async Task<Dictionary<string, LinkedCode>> LoadAsync(DbConnection connection, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var idList = ids.Distinct(StringComparer.Ordinal).ToArray();
        if (idList.Length == 0)
        {
            return new(StringComparer.Ordinal);
        }
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT l.arxiv_id, {EffectiveRepo} AS repo, COALESCE(l.project_page, l.found_project_page) AS page, l.set_at, " +
            "g.stars, g.read_at, g.status FROM paper_links l " +
            $"LEFT JOIN github_repos g ON g.repo = lower({EffectiveRepo}) WHERE {SqlDialect.InList(connection, "l.arxiv_id", "idList")}",
            new { idList }, cancellationToken: ct));
        return rows
            .Select(r => (r.ArxivId, Code: new LinkedCode
            {
                GithubRepo = NullIfEmpty(r.Repo),
                ProjectPage = NullIfEmpty(r.Page),
                Stars = NullIfEmpty(r.Repo) is null ? null : r.Stars,
                StarsReadAt = NullIfEmpty(r.Repo) is null ? null : r.ReadAt,
                RepoMissing = NullIfEmpty(r.Repo) is not null && r.Status == "missing",
                SetByReader = r.SetAt is not null,
            }))
            .Where(x => !x.Code.IsEmpty)
            .ToDictionary(x => x.ArxivId, x => x.Code, StringComparer.Ordinal);
    }

    /// <summary>
    /// Sets a paper's links as a person gives them (<c>owner/repo</c> and an https address; null for "none"). They
    /// replace the found ones for good: a later version of the paper changes the found links only.
    /// </summary>
    public async Task SetAsync(string arxivId, string? githubRepo, string? projectPage, long userId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO paper_links (arxiv_id, github_repo, project_page, set_by, set_at) VALUES (@arxivId, @repo, @page, @userId, @now) " +
            "ON CONFLICT (arxiv_id) DO UPDATE SET github_repo = excluded.github_repo, project_page = excluded.project_page, " +
            "set_by = excluded.set_by, set_at = excluded.set_at",
            new { arxivId, repo = githubRepo ?? "", page = projectPage ?? "", userId, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private sealed class Row
    {
        public string ArxivId { get; init; } = "";
        public string? Repo { get; init; }
        public string? Page { get; init; }
        public DateTime? SetAt { get; init; }
        public int? Stars { get; init; }
        public DateTime? ReadAt { get; init; }
        public string? Status { get; init; }
    }
}
