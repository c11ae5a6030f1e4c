using Dapper;

namespace DailyPapers.Community.Comments;

/// <summary>
/// Comments written before migration 0011, or edited by a node that does not know <c>body_html</c> (its trigger
/// clears the column when the text changes), have no stored HTML: they are rendered where they are read, never
/// letting a failure reach the page, and stored by the <see cref="CommentHtmlBackfill"/> after start-up.
/// </summary>
public sealed partial class CommentStore
{
    /// <summary>The comment with its HTML, rendered now when none is stored (never throws; a failure is logged).</summary>
    private Comment WithHtml(Comment comment) =>
        comment.IsDeleted || comment.Html is not null ? comment : comment with { Html = Render(comment.Id, comment.Body) };

    private string Render(long id, string body)
    {
        if (!CommentMarkdown.TryToHtml(body, out var html, out var failure))
        {
            logger.LogError(failure, "Comment {CommentId} cannot be rendered; it is shown as unavailable", id);
        }
        return html;
    }

    /// <summary>
    /// Renders and stores the HTML of up to <paramref name="batchSize"/> comments after <paramref name="afterId"/> that have
    /// none; returns the last id it looked at, or null when none is left. A comment edited or deleted meanwhile keeps
    /// what that wrote (the update checks the text).
    /// </summary>
    public async Task<long?> RenderMissingAsync(long afterId, int batchSize, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var missing = (await connection.QueryAsync<(long Id, string Body)>(new CommandDefinition(
            "SELECT id, body FROM comments WHERE id > @afterId AND body_html IS NULL AND deleted_at IS NULL ORDER BY id LIMIT @batchSize",
            new { afterId, batchSize }, cancellationToken: ct))).ToList();
        if (missing.Count == 0)
        {
            return null;
        }
        var rendered = missing.Select(c => new { c.Id, c.Body, Html = Render(c.Id, c.Body) }).ToList();
        await using var tx = await database.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE comments SET body_html = @Html WHERE id = @Id AND body = @Body AND body_html IS NULL", rendered, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return missing[^1].Id;
    }
}
