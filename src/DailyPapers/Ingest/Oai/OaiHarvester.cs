using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Ingest.Oai;

/// <summary>
/// Harvests arXiv's OAI-PMH ListRecords (arXivRaw) into the paper store, page by page. Each page's papers and
/// the checkpoint (<see cref="OaiCheckpoint"/>) are written in one transaction, so a run that stops for any
/// reason (killed, arXiv down, a broken page) leaves the database consistent, and the next run resumes from
/// the stored token, or from the harvest's from-date when arXiv no longer accepts the token; the upsert makes
/// the repeat harmless. Without a from-date a run continues after the last completed harvest of the set.
/// The <c>harvest oai</c> verb and <see cref="OaiHarvestSchedule"/> both call <see cref="HarvestAsync"/>.
/// </summary>
public sealed partial class OaiHarvester(
    OaiClient client, PaperStore store, Database database, IngestMetrics metrics, TimeProvider clock, ILogger<OaiHarvester> logger)
{
    /// <summary>The stored checkpoint of a set (null: all of arXiv), or null when it was never harvested.</summary>
    public async Task<OaiCheckpoint?> CheckpointAsync(string? set, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await OaiCheckpoint.LoadAsync(connection, null, NullIfEmpty(set));
    }

    /// <summary>Every set's checkpoint and last run, for the operator's status page.</summary>
    public async Task<OaiHarvestStatus> StatusAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return new OaiHarvestStatus(await OaiCheckpoint.LoadAllAsync(connection, ct), await OaiLastRun.LoadAllAsync(connection, ct));
    }

    /// <summary>
    /// Runs one harvest to its end or its first failure; <paramref name="onPage"/> hears about each stored page.
    /// On PostgreSQL a run that finds another process harvesting does nothing and says so (<see cref="OaiErrorKind.AlreadyRunning"/>).
    /// </summary>
    public async Task<OaiHarvestResult> HarvestAsync(
        OaiHarvestRequest request, Action<OaiHarvestProgress>? onPage = null, CancellationToken ct = default)
    {
        await using var harvestLock = await OaiHarvestLock.TryTakeAsync(database, ct);
        if (harvestLock is null)
        {
            logger.LogInformation("OAI harvest skipped: another process holds the harvest lock");
            return new OaiHarvestResult
            {
                Progress = new OaiHarvestProgress(),
                Error = new OaiError(OaiErrorKind.AlreadyRunning, "another process is harvesting arXiv OAI into this database; try again later"),
            };
        }
        var set = NullIfEmpty(request.Set);
        var started = clock.GetUtcNow();
        var result = await HarvestUnderLockAsync(request, set, onPage, ct);
        try
        {
            await using var connection = await database.OpenAsync(ct);
            await OaiLastRun.From(set, started, clock.GetUtcNow(), result).SaveAsync(connection);
        }
        catch (System.Data.Common.DbException e)
        {
            // Only the status page reads it; the harvest itself is stored.
            logger.LogWarning(e, "Could not record the OAI harvest run of {Set}", SetName(set));
        }
        return result;
    }

    private async Task<OaiHarvestResult> HarvestUnderLockAsync(
        OaiHarvestRequest request, string? set, Action<OaiHarvestProgress>? onPage, CancellationToken ct)
    {
        var stored = await CheckpointAsync(set, ct);
        var (run, page) = await StartAsync(request, set, stored, ct);

        while (true)
        {
            if (page.Error is { Kind: OaiErrorKind.NoRecordsMatch })
            {
                // Nothing (more) in the range: the harvest is complete as far as arXiv has anything.
                run.State = Complete(run.State, page);
                await StorePageAsync(run.State, [], ct);
                logger.LogInformation("OAI harvest of {Set}: no records match; harvested through {Through}", SetName(set), run.State.HarvestedThrough);
                return run.Result(nothingNew: run.Progress.Pages == 0);
            }
            if (page.Error is { } error)
            {
                // Unreachable is the caller's to report (the schedule says it in one line, the verb on stderr).
                logger.Log(error.Kind == OaiErrorKind.Unreachable ? LogLevel.Debug : LogLevel.Warning,
                    "OAI harvest of {Set} stopped after {Pages} pages: {Error}", SetName(set), run.Progress.Pages, error.Message);
                return run.Result(error: error);
            }
            await StoreAsync(run, page, ct);
            onPage?.Invoke(run.Progress);
            if (page.ResumptionToken is not { } token)
            {
                logger.LogInformation("OAI harvest of {Set} complete: {Records} records in {Pages} pages; harvested through {Through}",
                    SetName(set), run.Progress.Records, run.Progress.Pages, run.State.HarvestedThrough);
                return run.Result();
            }
            page = await client.ResumeAsync(token, ct);
        }
    }

    /// <summary>The first page of the run: the stored harvest's next page, or a new harvest's first.</summary>
    private async Task<(Run Run, OaiPage Page)> StartAsync(OaiHarvestRequest request, string? set, OaiCheckpoint? stored, CancellationToken ct)
    {
        if (stored is { InProgress: true } under
            && (request.From is null || request.From == under.From) && (request.Until is null || request.Until == under.Until))
        {
            logger.LogInformation("Resuming the OAI harvest of {Set} (from {From}) at token {Token}", SetName(set), under.From, under.ResumptionToken);
            var page = await client.ResumeAsync(under.ResumptionToken!, ct);
            if (page.Error is not { Kind: OaiErrorKind.BadResumptionToken } expired)
            {
                return (new Run { Set = set, Categories = request.Categories, State = under, Resumed = true }, page);
            }
            logger.LogWarning("{Error}; starting the harvest of {Set} again from {From}", expired.Message, SetName(set), under.From);
            return (new Run { Set = set, Categories = request.Categories, State = Fresh(set, under.From, under.Until, stored), Resumed = true, Restarted = true },
                await client.ListRecordsAsync(under.From, under.Until, set, ct));
        }
        var from = request.From ?? stored?.HarvestedThrough?.AddDays(-1);
        logger.LogDebug("Starting an OAI harvest of {Set} from {From} until {Until}", SetName(set), from, request.Until);
        return (new Run { Set = set, Categories = request.Categories, State = Fresh(set, from, request.Until, stored) },
            await client.ListRecordsAsync(from, request.Until, set, ct));
    }

    private OaiCheckpoint Fresh(string? set, DateOnly? from, DateOnly? until, OaiCheckpoint? stored) => new()
    {
        Set = set,
        From = from,
        Until = until,
        StartedAt = clock.GetUtcNow(),
        HarvestedThrough = stored?.HarvestedThrough,
        CompletedAt = stored?.CompletedAt,
    };

    /// <summary>
    /// The checkpoint of a finished harvest: covered through its latest record's datestamp, or, when it saw no
    /// records, through the day arXiv answered (or the until-date). It never moves back: a harvest of an old
    /// range does not make the next daily run fetch years again.
    /// </summary>
    private OaiCheckpoint Complete(OaiCheckpoint state, OaiPage lastPage)
    {
        var answered = DateOnly.FromDateTime((lastPage.ResponseDate ?? clock.GetUtcNow()).UtcDateTime);
        var covered = state.LatestDatestamp ?? (state.Until is { } until && until < answered ? until : answered);
        return state with
        {
            ResumptionToken = null,
            HarvestedThrough = state.HarvestedThrough is { } before && before > covered ? before : covered,
            CompletedAt = clock.GetUtcNow(),
        };
    }

    private static string? NullIfEmpty(string? set) => string.IsNullOrWhiteSpace(set) ? null : set.Trim();

    private static string SetName(string? set) => set ?? "all sets";
}
