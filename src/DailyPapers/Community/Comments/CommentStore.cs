using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Community.Comments;

/// <summary>A comment as shown: its author, its Markdown (empty once deleted), and its place in the thread.</summary>
public sealed record Comment
{
    public required long Id { get; init; }
    public required string ArxivId { get; init; }
    public long? ParentId { get; init; }
    public required long UserId { get; init; }
    public required string Handle { get; init; }
    public required string DisplayName { get; init; }
    public required string Body { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? EditedAt { get; init; }
    public DateTime? DeletedAt { get; init; }
    public bool IsDeleted => DeletedAt is not null;
}

/// <summary>
/// Comments on papers, one level deep: a reply to a reply is filed under the top-level comment. Authors
/// edit and delete their own; a deleted comment keeps its row, without text, while replies hang on it.
/// </summary>
public sealed class CommentStore(Database database, TimeProvider clock)
{
    private const string Select =
        "SELECT c.id, c.arxiv_id AS arxivid, c.parent_id AS parentid, c.user_id AS userid, u.handle, u.display_name AS displayname, " +
        "c.body, c.created_at AS createdat, c.edited_at AS editedat, c.deleted_at AS deletedat FROM comments c JOIN users u ON u.id = c.user_id";

    /// <summary>Adds a comment; null when the paper is missing or hidden, or the parent is not on this paper.</summary>
    public async Task<long?> AddAsync(string arxivId, long userId, long? parentId, string body, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        if (await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
                "SELECT hidden FROM papers WHERE arxiv_id = @arxivId", new { arxivId }, tx, cancellationToken: ct)) is not false)
        {
            return null;
        }
        if (parentId is { } p)
        {
            var parent = await connection.QuerySingleOrDefaultAsync<ParentRow>(new CommandDefinition(
                "SELECT arxiv_id AS arxivid, parent_id AS parentid FROM comments WHERE id = @p", new { p }, tx, cancellationToken: ct));
            if (parent is null || parent.ArxivId != arxivId)
            {
                return null;
            }
            parentId = parent.ParentId ?? p;
        }
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO comments (arxiv_id, user_id, parent_id, body, created_at) VALUES (@arxivId, @userId, @parentId, @body, @now) RETURNING id",
            new { arxivId, userId, parentId, body, now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return id;
    }

    public async Task<Comment?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Comment>(new CommandDefinition($"{Select} WHERE c.id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>A paper's comments, oldest first (replies come after their parent when grouped by <see cref="Comment.ParentId"/>).</summary>
    public async Task<IReadOnlyList<Comment>> ListAsync(string arxivId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<Comment>(new CommandDefinition(
            $"{Select} WHERE c.arxiv_id = @arxivId ORDER BY c.created_at, c.id", new { arxivId }, cancellationToken: ct))).ToList();
    }

    /// <summary>How many comments (not deleted) a paper has: <c>numComments</c> in the API.</summary>
    public async Task<int> CountAsync(string arxivId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM comments WHERE arxiv_id = @arxivId AND deleted_at IS NULL", new { arxivId }, cancellationToken: ct));
    }

    /// <summary>A reader's comments that are not deleted, newest first.</summary>
    public async Task<IReadOnlyList<Comment>> ByUserAsync(long userId, int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<Comment>(new CommandDefinition(
            $"{Select} WHERE c.user_id = @userId AND c.deleted_at IS NULL ORDER BY c.created_at DESC, c.id DESC LIMIT @limit",
            new { userId, limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>Replaces the text of the author's own comment; false when it is not theirs or is deleted.</summary>
    public async Task<bool> EditAsync(long id, long userId, string body, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE comments SET body = @body, edited_at = @now WHERE id = @id AND user_id = @userId AND deleted_at IS NULL",
            new { id, userId, body, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct)) > 0;
    }

    /// <summary>Deletes a comment (the author's own, or any when <paramref name="userId"/> is null: moderation).</summary>
    public async Task<bool> DeleteAsync(long id, long? userId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await DeleteAsync(connection, null, id, userId, ct);
    }

    /// <summary>Deletes a comment inside the caller's transaction (a moderator's deletion commits with its audit line).</summary>
    public async Task<bool> DeleteAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? tx, long id, long? userId, CancellationToken ct = default) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE comments SET body = '', deleted_at = @now WHERE id = @id AND (@userId IS NULL OR user_id = @userId) AND deleted_at IS NULL",
            new { id, userId, now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct)) > 0;

    private sealed record ParentRow(string ArxivId, long? ParentId);
}
