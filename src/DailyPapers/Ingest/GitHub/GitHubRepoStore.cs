using Dapper;
using DailyPapers.Papers.Links;
using DailyPapers.Storage;

namespace DailyPapers.Ingest.GitHub;

/// <summary>A repository to read: its key (<c>owner/repo</c> in lower case) and the ETag of its last answer.</summary>
public sealed record DueRepo(string Repo, string? ETag);

/// <summary>
/// <c>github_repos</c>: which repositories the papers link, when each was last read and is due again, and the
/// stars GitHub gave. New repositories are read first, those of the newest papers before older ones.
/// </summary>
public sealed class GitHubRepoStore(Database database)
{
    private const string Linked = $"lower({LinkedCodeStore.EffectiveRepo})";

    /// <summary>Adds the repositories papers link that are not known yet, due at once; returns how many.</summary>
    public async Task<int> AddNewAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        // next_read_at of a new repository is its newest paper's date: in the past (due), and it orders the first reads.
        return await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO github_repos (repo, next_read_at) SELECT {Linked}, max(p.published_at) FROM paper_links l " +
            "JOIN papers p ON p.arxiv_id = l.arxiv_id " +
            $"WHERE {LinkedCodeStore.EffectiveRepo} <> '' AND p.hidden = @hidden AND NOT EXISTS (SELECT 1 FROM github_repos g WHERE g.repo = {Linked}) " +
            $"GROUP BY {Linked} ON CONFLICT (repo) DO NOTHING",
            new { hidden = false }, cancellationToken: ct));
    }

    /// <summary>Repositories due for reading: never read ones first (newest papers first), then the longest due.</summary>
    public async Task<IReadOnlyList<DueRepo>> DueAsync(DateTime now, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<DueRepo>(new CommandDefinition(
            "SELECT repo, etag FROM github_repos WHERE next_read_at <= @now " +
            "ORDER BY CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, CASE WHEN read_at IS NULL THEN next_read_at END DESC, next_read_at, repo LIMIT @limit",
            new { now, limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>Keeps what GitHub answered (a rate limit or a failure changes nothing: the repository stays due).</summary>
    public async Task RecordAsync(string repo, GitHubReading reading, DateTime now, DateTime next, CancellationToken ct)
    {
        var sql = reading.Answer switch
        {
            GitHubAnswer.Read => "UPDATE github_repos SET stars = @stars, etag = @etag, status = 'ok', read_at = @now, next_read_at = @next WHERE repo = @repo",
            GitHubAnswer.NotModified => "UPDATE github_repos SET status = 'ok', read_at = @now, next_read_at = @next WHERE repo = @repo",
            GitHubAnswer.Missing => "UPDATE github_repos SET stars = NULL, etag = NULL, status = 'missing', read_at = @now, next_read_at = @next WHERE repo = @repo",
            _ => null,
        };
        if (sql is null)
        {
            return;
        }
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { repo, stars = reading.Stars, etag = reading.ETag, now, next }, cancellationToken: ct));
    }
}
