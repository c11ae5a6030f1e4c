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

    /// <summary>
    /// The sanitised HTML of <see cref="Body"/>, rendered when the comment was written (null once deleted), or
    /// <see cref="CommentMarkdown.UnavailableHtml"/> for a text that cannot be rendered.
    /// </summary>
    public string? Html { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? EditedAt { get; init; }
    public DateTime? DeletedAt { get; init; }
    public bool IsDeleted => DeletedAt is not null;
}

/// <summary>Why a comment was not added (<see cref="Added"/> when it was).</summary>
public enum CommentAddOutcome
{
    Added,
    /// <summary>The paper is not in the catalogue, or is hidden.</summary>
    NoPaper,
    /// <summary>The comment answered is not on this paper.</summary>
    NoParent,
    /// <summary>The comment answered (or the thread's first comment) is deleted: a reply would bring the thread back.</summary>
    ParentDeleted,
}

/// <summary>
/// Comments on papers, one level deep: a reply to a reply is filed under the top-level comment. Authors
/// edit and delete their own; a deleted comment keeps its row, without text, while replies hang on it. Each
/// comment is stored with its rendered, sanitised HTML, so showing a page renders no Markdown.
/// </summary>
public sealed partial class CommentStore(Database database, TimeProvider clock, ILogger<CommentStore> logger)
{
    private const string Select =
        "SELECT c.id, c.arxiv_id AS arxivid, c.parent_id AS parentid, c.user_id AS userid, u.handle, u.display_name AS displayname, " +
        "c.body, c.body_html AS html, c.created_at AS createdat, c.edited_at AS editedat, c.deleted_at AS deletedat FROM comments c JOIN users u ON u.id = c.user_id";

    /// <summary>Adds a comment with its rendered <paramref name="html"/> (<see cref="CommentMarkdown.TryToHtml"/>).</summary>
    public async Task<(CommentAddOutcome Outcome, long Id)> AddAsync(
        string arxivId, long userId, long? parentId, string body, string html, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        if (await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
                "SELECT hidden FROM papers WHERE arxiv_id = @arxivId", new { arxivId }, tx, cancellationToken: ct)) is not false)
        {
            return (CommentAddOutcome.NoPaper, 0);
        }
        if (parentId is { } p)
        {
            // The parent and the thread's first comment: a reply to a reply is filed under the first, and neither
            // may be deleted (the page offers no reply there; a forged one would bring a deleted thread back).
            var parent = await connection.QuerySingleOrDefaultAsync<ParentRow>(new CommandDefinition(
                "SELECT c.arxiv_id AS arxivid, c.parent_id AS parentid, c.deleted_at AS deletedat, t.deleted_at AS threaddeletedat " +
                "FROM comments c LEFT JOIN comments t ON t.id = c.parent_id WHERE c.id = @p", new { p }, tx, cancellationToken: ct));
            if (parent is null || parent.ArxivId != arxivId)
            {
                return (CommentAddOutcome.NoParent, 0);
            }
            if (parent.DeletedAt is not null || parent.ThreadDeletedAt is not null)
            {
                return (CommentAddOutcome.ParentDeleted, 0);
            }
            parentId = parent.ParentId ?? p;
        }
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO comments (arxiv_id, user_id, parent_id, body, body_html, created_at) VALUES (@arxivId, @userId, @parentId, @body, @html, @now) RETURNING id",
            new { arxivId, userId, parentId, body, html, now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (CommentAddOutcome.Added, id);
    }

    public async Task<Comment?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var comment = await connection.QuerySingleOrDefaultAsync<Comment>(new CommandDefinition($"{Select} WHERE c.id = @id", new { id }, cancellationToken: ct));
        return comment is null ? null : WithHtml(comment);
    }

    /// <summary>A paper's comments, oldest first (replies come after their parent when grouped by <see cref="Comment.ParentId"/>).</summary>
    public async Task<IReadOnlyList<Comment>> ListAsync(string arxivId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<Comment>(new CommandDefinition(
            $"{Select} WHERE c.arxiv_id = @arxivId ORDER BY c.created_at, c.id", new { arxivId }, cancellationToken: ct))).Select(WithHtml).ToList();
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
            new { userId, limit }, cancellationToken: ct))).Select(WithHtml).ToList();
    }

    /// <summary>Replaces the text (and its rendered <paramref name="html"/>) of the author's own comment; false when it is not theirs or is deleted.</summary>
    public async Task<bool> EditAsync(long id, long userId, string body, string html, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE comments SET body = @body, body_html = @html, edited_at = @now WHERE id = @id AND user_id = @userId AND deleted_at IS NULL",
            new { id, userId, body, html, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct)) > 0;
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
            "UPDATE comments SET body = '', body_html = NULL, deleted_at = @now WHERE id = @id AND (@userId IS NULL OR user_id = @userId) AND deleted_at IS NULL",
            new { id, userId, now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct)) > 0;

    private sealed class ParentRow
    {
        public required string ArxivId { get; init; }
        public long? ParentId { get; init; }
        public DateTime? DeletedAt { get; init; }
        public DateTime? ThreadDeletedAt { get; init; }
    }
}
