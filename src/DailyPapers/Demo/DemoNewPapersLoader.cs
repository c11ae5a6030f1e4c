using System.Diagnostics;
using DailyPapers.Ingest.Oai;
using DailyPapers.Papers;
using DailyPapers.Search.Semantic;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Demo;

/// <summary>
/// Loads the demo's month of new papers (<see cref="DemoNewPapers"/>) with their vectors, once, into a database the demo
/// was just loaded into: <see cref="DemoLoader"/> leaves <see cref="PendingMarker"/> in the same transaction as the
/// demo, and this load takes it away in the transaction that stores the papers, so a stop loads it at the next start and
/// nothing twice. The web host runs it in the background after start (<see cref="DemoNewPapersJob"/>): pages serve meanwhile.
/// The month counts as a harvest that brought new papers: what follows a harvest (the curation of the daily lists) runs
/// after it, so a fresh install's daily list shows the month's last days at once.
/// </summary>
public sealed class DemoNewPapersLoader(
    Database database, PaperStore papers, IEnumerable<IHarvestFollowUp> followUps, TimeProvider clock, IOptions<DemoOptions> options,
    ILogger<DemoNewPapersLoader> logger)
{
    public const string PendingMarker = "demo_new_papers_pending";
    private const long LockKey = 0x44656d6f4e6577; // "DemoNew"

    /// <summary>What a load did: papers and vectors stored (0 when there was nothing to load).</summary>
    public sealed record Result(int Papers, int Vectors, TimeSpan Took);

    public async Task<Result> LoadIfPendingAsync(CancellationToken ct = default)
    {
        var none = new Result(0, 0, TimeSpan.Zero);
        if (!options.Value.Enabled || !options.Value.NewPapers)
        {
            return none;
        }
        await using var connection = await database.OpenAsync(ct);
        if (await SiteState.GetAsync(connection, null, PendingMarker) is null)
        {
            return none;
        }
        var took = Stopwatch.StartNew();
        var (month, rejected) = DemoNewPapers.ReadPapers(DemoContent.Open(DemoNewPapers.PapersResource));
        foreach (var r in rejected)
        {
            logger.LogWarning("Demo file {File} line {Line} skipped: {Reason}", r.File, r.LineNumber, r.Reason);
        }
        var vectors = DemoNewPapers.ReadVectors(DemoContent.Open(DemoNewPapers.VectorsResource));
        var embedded = month
            .Where(p => vectors.ContainsKey(p.ArxivId))
            .Select(p => (new PendingPaper(p.ArxivId, p.Title, p.Abstract, PaperContentHash.Of(p)), vectors[p.ArxivId]))
            .ToList();

        await using var tx = await database.BeginWriteAsync(connection, ct);
        await SiteState.LockAsync(database, connection, tx, LockKey);
        if (await SiteState.GetAsync(connection, tx, PendingMarker) is null)
        {
            await tx.RollbackAsync(ct);
            return none; // another node loaded it meanwhile
        }
        await papers.UpsertBatchAsync(connection, tx, month, ct);
        await EmbeddingStore.SaveAsync(connection, tx, DemoNewPapers.Model, embedded, clock.GetUtcNow().UtcDateTime, ct);
        await SiteState.DeleteAsync(connection, tx, PendingMarker);
        await tx.CommitAsync(ct);
        logger.LogInformation("Loaded the demo's month of new arXiv papers: {Papers} papers and {Vectors} vectors in {Seconds:0.0} s",
            month.Count, embedded.Count, took.Elapsed.TotalSeconds);
        await FollowUpAsync(month.Count, ct);
        return new Result(month.Count, embedded.Count, took.Elapsed);
    }

    private async Task FollowUpAsync(int inserted, CancellationToken ct)
    {
        foreach (var followUp in followUps)
        {
            try
            {
                if (await followUp.AfterHarvestAsync(inserted, ct) is { } done)
                {
                    logger.LogInformation("After the demo's month: {Done}", done);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The month is stored; the next harvest with new papers runs it again.
                logger.LogError(e, "After loading the demo's month, {FollowUp} failed", followUp.GetType().Name);
            }
        }
    }
}

/// <summary>The web host's background load of the demo's month of new papers, after start.</summary>
public sealed class DemoNewPapersJob(DemoNewPapersLoader loader, ILogger<DemoNewPapersJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // the host's start never waits for the load
        try
        {
            await loader.LoadIfPendingAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Still pending: the next start tries again. The rest of the demo works without it.
            logger.LogError(e, "Could not load the demo's month of new arXiv papers");
        }
    }
}
