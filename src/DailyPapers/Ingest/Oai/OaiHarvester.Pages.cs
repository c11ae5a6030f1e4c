using DailyPapers.Papers;

namespace DailyPapers.Ingest.Oai;

public sealed partial class OaiHarvester
{
    /// <summary>Stores one page's papers and the checkpoint after it together, and counts what happened.</summary>
    private async Task StoreAsync(Run run, OaiPage page, CancellationToken ct)
    {
        var papers = new List<Paper>(page.Records.Count);
        var malformed = new List<OaiSkippedRecord>();
        var deleted = 0;
        var outOfScope = 0;
        var latest = run.State.LatestDatestamp;
        foreach (var record in page.Records)
        {
            if (record.Datestamp is { } day && (latest is null || day > latest))
            {
                latest = day;
            }
            if (record.Deleted)
            {
                deleted++;
            }
            else if (record.Paper is { } paper)
            {
                if (ArxivCategories.Matches(paper.Categories, run.Categories))
                {
                    papers.Add(paper);
                }
                else
                {
                    outOfScope++;
                }
            }
            else
            {
                var problem = record.Problem ?? "unreadable record";
                logger.LogWarning("Skipped OAI record {Identifier}: {Problem}", record.Identifier, problem);
                malformed.Add(new OaiSkippedRecord(record.Identifier, problem));
            }
        }
        var next = run.State with { ResumptionToken = page.ResumptionToken, LatestDatestamp = latest };
        if (page.ResumptionToken is null)
        {
            next = Complete(next, page);
        }
        var outcomes = await StorePageAsync(next, papers, ct);
        metrics.Stored("oai", papers.Count, malformed.Count);
        run.State = next;
        var p = run.Progress;
        run.Progress = p with
        {
            Pages = p.Pages + 1,
            Records = p.Records + papers.Count,
            Inserted = p.Inserted + outcomes.Count(o => o == UpsertOutcome.Inserted),
            Updated = p.Updated + outcomes.Count(o => o == UpsertOutcome.Updated),
            Unchanged = p.Unchanged + outcomes.Count(o => o == UpsertOutcome.Unchanged),
            Deleted = p.Deleted + deleted,
            OutOfScope = p.OutOfScope + outOfScope,
            Malformed = malformed.Count == 0 ? p.Malformed : [.. p.Malformed, .. malformed],
            ResumptionToken = page.ResumptionToken,
            CompleteListSize = page.CompleteListSize,
        };
        logger.LogInformation(
            "OAI harvest of {Set}: page {Page} stored, {Records} records so far ({Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {Deleted} deleted, {Malformed} malformed); next token {Token}",
            SetName(run.Set), run.Progress.Pages, run.Progress.Records, run.Progress.Inserted, run.Progress.Updated,
            run.Progress.Unchanged, run.Progress.Deleted, run.Progress.Malformed.Count, page.ResumptionToken);
    }

    private async Task<IReadOnlyList<UpsertOutcome>> StorePageAsync(OaiCheckpoint checkpoint, IReadOnlyList<Paper> papers, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        var outcomes = await store.UpsertBatchAsync(connection, tx, papers, ct);
        await checkpoint.SaveAsync(connection, tx);
        await tx.CommitAsync(ct);
        return outcomes;
    }

    /// <summary>One run's state: the checkpoint as last stored and what the run has done.</summary>
    private sealed class Run
    {
        public string? Set { get; init; }
        public IReadOnlyList<string> Categories { get; init; } = [];
        public required OaiCheckpoint State { get; set; }
        public OaiHarvestProgress Progress { get; set; } = new();
        public bool Resumed { get; init; }
        public bool Restarted { get; init; }

        public OaiHarvestResult Result(OaiError? error = null, bool nothingNew = false) => new()
        {
            Progress = Progress,
            Error = error,
            NothingNew = nothingNew,
            Resumed = Resumed,
            Restarted = Restarted,
            From = State.From,
            HarvestedThrough = error is null ? State.HarvestedThrough : null,
        };
    }
}
