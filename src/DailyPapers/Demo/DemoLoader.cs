using Dapper;
using DailyPapers.Community;
using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Demo;

/// <summary>What a demo load did.</summary>
public sealed record DemoLoadResult(bool Loaded, int Papers, int ListEntries, IReadOnlyList<DemoContent.Rejected> Rejected);

/// <summary>
/// Puts the demo content into an empty database, once: the check, the papers and the marker commit in one
/// transaction, so a crash leaves nothing half-loaded and a restart loads nothing twice.
/// </summary>
public sealed class DemoLoader(Database database, PaperStore papers, IOptions<DemoOptions> options, TimeProvider clock, ILogger<DemoLoader> logger)
{
    private const string Marker = "demo_loaded_at";
    private const long LockKey = 0x44656d6f; // "Demo"

    public async Task<DemoLoadResult> LoadIfEmptyAsync(CancellationToken ct = default)
    {
        if (!options.Value.Enabled)
        {
            return new(false, 0, 0, []);
        }
        var (seed, seedRejected) = DemoContent.ReadSeed(DemoContent.Open(DemoContent.SeedResource));
        var (catalogue, snapshotRejected) = DemoContent.ReadSnapshot(DemoContent.Open(DemoContent.SnapshotResource));
        var rejected = seedRejected.Concat(snapshotRejected).ToList();
        foreach (var r in rejected)
        {
            logger.LogWarning("Demo file {File} line {Line} skipped: {Reason}", r.File, r.LineNumber, r.Reason);
        }

        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        await SiteState.LockAsync(database, connection, tx, LockKey);
        if (await SiteState.GetAsync(connection, tx, Marker) is not null
            || await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM papers", transaction: tx) > 0)
        {
            await tx.RollbackAsync(ct);
            return new(false, 0, 0, rejected);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var demoUser = await UserStore.EnsureAsync(connection, tx, "dailypapers", "DailyPapers demo", now);
        var listStart = DemoContent.ListDate.ToDateTime(new TimeOnly(6, 0), DateTimeKind.Utc);
        var entries = 0;
        foreach (var (paper, rank) in seed)
        {
            await papers.UpsertAsync(connection, tx, paper);
            // Page order becomes submission order, so equal-vote papers keep the reference page's order.
            if (await DailyListStore.AddAsync(connection, tx, paper.ArxivId, DemoContent.ListDate, listStart.AddMinutes(rank), demoUser))
            {
                entries++;
            }
        }
        foreach (var paper in catalogue)
        {
            await papers.UpsertAsync(connection, tx, paper);
        }
        await SiteState.SetAsync(connection, tx, Marker, now.ToString("O"));
        if (options.Value.NewPapers)
        {
            // The month of new papers is loaded after start (DemoNewPapersLoader), into this fresh demo only.
            await SiteState.SetAsync(connection, tx, DemoNewPapersLoader.PendingMarker, now.ToString("O"));
        }
        await tx.CommitAsync(ct);
        logger.LogInformation("Loaded demo content: {Papers} papers, {Entries} on the list of {Date}",
            seed.Count + catalogue.Count, entries, DemoContent.ListDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return new(true, seed.Count + catalogue.Count, entries, rejected);
    }
}
