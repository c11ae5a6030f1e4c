namespace DailyPapers.Community.Comments;

/// <summary>
/// After start-up, stores the HTML of comments that have none (written before migration 0011, or edited by an
/// older node during a rolling upgrade), so no page renders Markdown more than once per comment. Until it is done
/// the pages render those comments themselves; several nodes doing this at once write the same HTML.
/// </summary>
public sealed class CommentHtmlBackfill(CommentStore comments, ILogger<CommentHtmlBackfill> logger) : BackgroundService
{
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            long after = 0;
            var batches = 0;
            while (await comments.RenderMissingAsync(after, BatchSize, stoppingToken) is { } last)
            {
                after = last;
                batches++;
            }
            if (batches > 0)
            {
                logger.LogInformation("Stored the HTML of older comments, up to comment {CommentId}", after);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Pages render such comments themselves; an exception escaping a BackgroundService would stop the host.
            logger.LogWarning(e, "Storing the HTML of older comments failed; pages render them until the next start");
        }
        catch (OperationCanceledException)
        {
        }
    }
}
