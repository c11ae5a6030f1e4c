using System.Data.Common;
using Dapper;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Community.Claims;

/// <summary>A claim as moderators and profiles see it.</summary>
public sealed record AuthorClaim
{
    public required long Id { get; init; }
    public required string ArxivId { get; init; }
    public required string PaperTitle { get; init; }
    public required int AuthorPosition { get; init; }
    public required string AuthorName { get; init; }
    public required long UserId { get; init; }
    public required string Handle { get; init; }
    public required string DisplayName { get; init; }
    public required string Status { get; init; }
    public required DateTime CreatedAt { get; init; }
}

/// <summary>How a claim request ended.</summary>
public enum ClaimOutcome { Created, AlreadyClaimed, NoSuchAuthor, TooManyPending }

/// <summary>A page of the claims waiting for a moderator, oldest first, and how many wait in all.</summary>
public sealed record PendingClaims(IReadOnlyList<AuthorClaim> Claims, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Authorship claims. A reader claims one author of a paper (pending); a moderator approves or rejects it. The
/// database keeps one claim per reader and author and at most one approved claim per author.
/// </summary>
public sealed class ClaimStore(Database database, TimeProvider clock, IOptions<CommunityLimitOptions> limits)
{
    /// <summary>Pending claims per page of the moderation desk.</summary>
    public const int PendingPageSize = 50;

    private const string Select =
        "SELECT c.id, c.arxiv_id, p.title AS papertitle, c.author_position, a.name AS authorname, c.user_id, u.handle, " +
        "u.display_name AS displayname, c.status, c.created_at FROM author_claims c JOIN papers p ON p.arxiv_id = c.arxiv_id " +
        "JOIN paper_authors a ON a.arxiv_id = c.arxiv_id AND a.position = c.author_position JOIN users u ON u.id = c.user_id";

    public async Task<ClaimOutcome> ClaimAsync(string arxivId, int position, long userId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var author = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM paper_authors a JOIN papers p ON p.arxiv_id = a.arxiv_id WHERE a.arxiv_id = @arxivId AND a.position = @position AND p.hidden = @no",
            new { arxivId, position, no = false }, cancellationToken: ct));
        if (author == 0)
        {
            return ClaimOutcome.NoSuchAuthor;
        }
        await using var tx = await database.BeginWriteAsync(connection, ct);
        await UserStore.LockAsync(connection, tx, userId, ct);
        var (mine, pending) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            "SELECT count(CASE WHEN arxiv_id = @arxivId AND author_position = @position THEN 1 END), count(CASE WHEN status = 'pending' THEN 1 END) " +
            "FROM author_claims WHERE user_id = @userId", new { arxivId, position, userId }, tx, cancellationToken: ct));
        if (mine > 0)
        {
            return ClaimOutcome.AlreadyClaimed;
        }
        if (pending >= MaxPendingPerUser)
        {
            return ClaimOutcome.TooManyPending;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO author_claims (arxiv_id, author_position, user_id, created_at) VALUES (@arxivId, @position, @userId, @now)",
            new { arxivId, position, userId, now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return ClaimOutcome.Created;
    }

    /// <summary>How many claims of one reader may wait at once (<c>Community:MaxPendingClaimsPerUser</c>).</summary>
    public int MaxPendingPerUser => limits.Value.MaxPendingClaimsPerUser;

    public async Task<AuthorClaim?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<AuthorClaim>(new CommandDefinition($"{Select} WHERE c.id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>Page <paramref name="page"/> (from 0) of the pending claims, oldest first; a page past the end is the last one.</summary>
    public async Task<PendingClaims> PendingAsync(int page, CancellationToken ct = default)
    {
        int total;
        await using (var connection = await database.OpenAsync(ct))
        {
            total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT count(*) FROM author_claims WHERE status = 'pending'", cancellationToken: ct));
        }
        page = Math.Clamp(page, 0, Math.Max(0, (total - 1) / PendingPageSize));
        var claims = await ListAsync("c.status = 'pending' ORDER BY c.created_at, c.id LIMIT @limit OFFSET @offset",
            new { limit = PendingPageSize, offset = page * PendingPageSize }, ct);
        return new PendingClaims(claims, total, page, PendingPageSize);
    }

    /// <summary>The approved claims of a paper: which authors are verified, and whose profile they link to.</summary>
    public async Task<IReadOnlyList<AuthorClaim>> ApprovedForPaperAsync(string arxivId, CancellationToken ct = default) =>
        await ListAsync("c.status = 'approved' AND c.arxiv_id = @arxivId", new { arxivId }, ct);

    public async Task<IReadOnlyList<AuthorClaim>> ApprovedForUserAsync(long userId, CancellationToken ct = default) =>
        await ListAsync("c.status = 'approved' AND c.user_id = @userId ORDER BY c.created_at DESC", new { userId }, ct);

    /// <summary>
    /// Approves or rejects a pending claim; false when it is not pending, is the moderator's own claim (nobody
    /// decides their own), or the author is verified for someone else.
    /// </summary>
    public async Task<bool> DecideAsync(long id, bool approve, long moderatorId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await DecideAsync(connection, null, id, approve, moderatorId, ct);
    }

    /// <summary>The same inside the caller's transaction, so the decision commits with its audit line.</summary>
    public async Task<bool> DecideAsync(DbConnection connection, DbTransaction? tx, long id, bool approve, long moderatorId, CancellationToken ct = default)
    {
        try
        {
            return await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE author_claims SET status = @status, decided_at = @now, decided_by = @moderatorId " +
                "WHERE id = @id AND status = 'pending' AND user_id <> @moderatorId",
                new { id, status = approve ? "approved" : "rejected", now = clock.GetUtcNow().UtcDateTime, moderatorId }, tx, cancellationToken: ct)) > 0;
        }
        catch (DbException) when (approve)
        {
            return false; // ux_author_claims_approved: that author is someone else's already
        }
    }

    private async Task<IReadOnlyList<AuthorClaim>> ListAsync(string where, object args, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<AuthorClaim>(new CommandDefinition($"{Select} WHERE {where}", args, cancellationToken: ct))).ToList();
    }
}
