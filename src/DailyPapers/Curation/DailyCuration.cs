using System.Globalization;
using DailyPapers.Feed;
using DailyPapers.Feed.NewPapers;
using DailyPapers.Ingest.Oai;
using DailyPapers.Papers;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Curation;

/// <summary>
/// A community list that is never empty: after a harvest that brought new papers, each recent announcement day not
/// curated yet gets its <c>Curation:DailyCount</c> most interesting new papers (in the harvested categories) on its
/// daily list, submitted by <see cref="CuratorAccount"/>. Ranked by <see cref="InstanceInterest"/>, then votes, then
/// (what decides alone on a site without readers) papers whose main category is followed, then the latest submitted.
/// A day is curated at most once (<c>curation_days</c>), a paper listed at most once (on a list already, or curated
/// before and removed by a moderator: never again). Readers' submissions and votes are untouched.
/// </summary>
public sealed class DailyCuration(
    Database database, NewPaperStore newPapers, InstanceInterest interest, CuratorAccount curator, CurationStore store, TimeProvider clock,
    IOptions<CurationOptions> options, IOptions<HarvestedCategories> categories, ILogger<DailyCuration> logger) : IHarvestFollowUp
{
    /// <summary>How far back from the latest announcement day a run looks for days not curated yet (a node down for days catches up).</summary>
    public const int DaysBack = 6;

    public async Task<string?> AfterHarvestAsync(long inserted, CancellationToken ct)
    {
        var days = await RunAsync(ct);
        return days.Count == 0 ? null : "curated " + string.Join("; ", days.Select(d => string.Create(CultureInfo.InvariantCulture,
            $"{d.Listed} of {d.Candidates} papers onto the list of {d.AnnouncedOn:yyyy-MM-dd}")));
    }

    /// <summary>Curates every recent announcement day not curated yet, oldest first; returns what it did (nothing when curation is off).</summary>
    public async Task<IReadOnlyList<CurationDay>> RunAsync(CancellationToken ct = default)
    {
        if (!options.Value.Enabled)
        {
            return [];
        }
        var followed = categories.Value.Effective;
        if (await newPapers.LatestDayAsync(followed, ct) is not { } latest)
        {
            return [];
        }
        var days = new List<DateOnly> { latest };
        while ((await newPapers.NeighboursAsync(days[^1], followed, ct)).Before is { } before && before >= latest.AddDays(-DaysBack))
        {
            days.Add(before);
        }
        var curated = await store.CuratedDaysAsync(days, ct);
        var done = new List<CurationDay>();
        foreach (var day in days.Where(d => !curated.Contains(d)).Order())
        {
            if (await CurateAsync(day, followed, ct) is { } result)
            {
                done.Add(result);
            }
        }
        return done;
    }

    private async Task<CurationDay?> CurateAsync(DateOnly day, IReadOnlyList<string> followed, CancellationToken ct)
    {
        var rows = await newPapers.DayAsync(day, followed, ct);
        if (rows.Count == 0)
        {
            return null;
        }
        var measure = await interest.MeasureAsync(rows.Select(r => r.ArxivId).ToList(), ct);
        var curatorId = await curator.GetIdAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var result = new CurationDay
        {
            AnnouncedOn = day, CuratedAt = now, Candidates = rows.Count, Listed = 0, Readers = measure.Readers, Subscriptions = measure.Subscriptions,
        };

        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        if (!await CurationStore.ClaimDayAsync(connection, tx, result, ct))
        {
            await tx.RollbackAsync(ct);
            return null; // another node curated it a moment ago
        }
        var taken = await CurationStore.TakenAsync(connection, tx, rows.Select(r => r.ArxivId).ToList(), ct);
        var ranked = rows.Where(r => !taken.Contains(r.ArxivId))
            .OrderByDescending(r => measure.Interest.GetValueOrDefault(r.ArxivId))
            .ThenByDescending(r => r.Upvotes)
            .ThenByDescending(r => Followed(r.PrimaryCategory, followed))
            .ThenByDescending(r => r.PublishedAt)
            .ThenBy(r => r.ArxivId, StringComparer.Ordinal)
            .Take(options.Value.DailyCount)
            .ToList();
        var listed = 0;
        foreach (var row in ranked)
        {
            // A millisecond apart, so papers with equal votes stay in the curator's order on the daily list.
            if (await DailyListStore.AddAsync(connection, tx, row.ArxivId, day, now.AddMilliseconds(listed), curatorId))
            {
                await CurationStore.AddCuratedAsync(connection, tx, row.ArxivId, day, listed + 1, ct);
                listed++;
            }
        }
        await CurationStore.SetListedAsync(connection, tx, day, listed, ct);
        await CurationStore.SaveInterestAsync(connection, tx, day, measure.Interest, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Curated {Listed} of {Candidates} papers onto the list of {Day:yyyy-MM-dd} (interest of {Readers} readers and {Subscriptions} subscriptions)",
            listed, rows.Count, day, measure.Readers, measure.Subscriptions);
        return result with { Listed = listed };
    }

    /// <summary>Whether the paper's main category is one the site follows (or in a followed archive).</summary>
    private static bool Followed(string? primary, IReadOnlyList<string> followed) =>
        primary is not null && followed.Any(f => primary.Equals(f, StringComparison.OrdinalIgnoreCase) || primary.StartsWith(f + ".", StringComparison.OrdinalIgnoreCase));
}
