using System.Globalization;
using DailyPapers.Feed;
using DailyPapers.Ingest.Arxiv;
using DailyPapers.Papers;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Community.Submissions;

/// <summary>
/// Puts a paper on today's daily list at a reader's request: the id is checked before arXiv is asked, a paper
/// not in the catalogue is fetched from arXiv, the arXiv date must be within the window, and a paper already
/// on a list stays where it is (the daily_entries primary key settles two submissions at the same moment).
/// </summary>
public sealed class SubmissionService(
    Database database, PaperStore papers, DailyListStore lists, ArxivClient arxiv, TimeProvider clock, IOptions<SubmissionOptions> options)
{
    public async Task<SubmissionResult> SubmitAsync(string? input, long userId, CancellationToken ct = default)
    {
        if (!ArxivId.TryParse(input?.Trim(), out var id))
        {
            return new(SubmissionOutcome.MalformedId, "That is not an arXiv id or link, such as 2310.06110 or https://arxiv.org/abs/2310.06110.");
        }
        if (await lists.GetAsync(id.Id, ct) is { } listed)
        {
            return listed.Paper.Hidden ? new(SubmissionOutcome.NotFound, $"arXiv:{id.Id} cannot be submitted.", id.Id) : AlreadyListed(listed);
        }
        var paper = await papers.GetAsync(id.Id, ct);
        if (paper is null)
        {
            // The latest version, whichever one the link named: the catalogue keeps one record per paper.
            var fetched = await arxiv.FetchByIdsAsync([id with { Version = null }], ct);
            paper = fetched.Papers.FirstOrDefault(p => p.ArxivId == id.Id);
            if (paper is null)
            {
                return fetched.Error is { Kind: not (ArxivErrorKind.NotFound or ArxivErrorKind.MalformedId) } error
                    ? new(SubmissionOutcome.ArxivUnavailable, $"arXiv could not be asked about {id.Id} just now ({error.Message}). Please try again later.", id.Id)
                    : new(SubmissionOutcome.NotFound, $"arXiv has no paper {id.Id}.", id.Id);
            }
            await papers.UpsertAsync(paper, ct);
            paper = await papers.GetAsync(id.Id, ct) ?? paper;
        }
        if (paper.Hidden)
        {
            return new(SubmissionOutcome.NotFound, $"arXiv:{id.Id} cannot be submitted.", id.Id);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var window = options.Value.SubmissionWindowDays;
        if (today.DayNumber - DateOnly.FromDateTime(paper.PublishedAt).DayNumber > window)
        {
            return new(SubmissionOutcome.OutsideWindow,
                $"arXiv:{id.Id} appeared on {Day(DateOnly.FromDateTime(paper.PublishedAt))}; papers can be submitted within {window} days of their arXiv date.", id.Id);
        }

        await using (var connection = await database.OpenAsync(ct))
        await using (var tx = await database.BeginWriteAsync(connection, ct))
        {
            var added = await DailyListStore.AddAsync(connection, tx, id.Id, today, now, userId);
            await tx.CommitAsync(ct);
            if (!added)
            {
                return AlreadyListed(await lists.GetAsync(id.Id, ct));
            }
        }
        var entry = await lists.GetAsync(id.Id, ct);
        return new(SubmissionOutcome.Added, $"arXiv:{id.Id} is on today's list.", id.Id, entry);
    }

    private static SubmissionResult AlreadyListed(DailyEntry? entry) => new(
        SubmissionOutcome.AlreadyListed,
        entry is null ? "That paper is on a list already." : $"arXiv:{entry.Paper.ArxivId} is already on the list of {Day(entry.ListDate)}.",
        entry?.Paper.ArxivId, entry);

    private static string Day(DateOnly d) => d.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);
}
