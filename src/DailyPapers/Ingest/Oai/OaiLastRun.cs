using System.Data.Common;
using System.Text.Json;
using DailyPapers.Storage;

namespace DailyPapers.Ingest.Oai;

/// <summary>What the status page shows of harvesting: where each set's harvest stands, and how each set's last run ended.</summary>
public sealed record OaiHarvestStatus(IReadOnlyList<OaiCheckpoint> Checkpoints, IReadOnlyList<OaiLastRun> LastRuns);

/// <summary>
/// How the last harvest run of a set ended, kept in <c>site_state</c> under <see cref="Key"/> for the operator's status page:
/// when it ran, what it stored and skipped, and its error. A run that was killed leaves the previous record (and its
/// checkpoint says a harvest is under way).
/// </summary>
public sealed record OaiLastRun
{

    public string? Set { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset EndedAt { get; init; }
    public int Pages { get; init; }
    public long Records { get; init; }
    public long Inserted { get; init; }
    public long Updated { get; init; }
    public long Unchanged { get; init; }
    public long Deleted { get; init; }
    public long Malformed { get; init; }

    /// <summary>Papers of the set outside the categories the run kept (<c>Harvest:Categories</c>).</summary>
    public long OutOfScope { get; init; }

    public bool Resumed { get; init; }

    /// <summary>Why the run stopped early; null when it completed (or arXiv had nothing new).</summary>
    public string? Error { get; init; }

    public static string Key(string? set) => $"oai:last-run:{(string.IsNullOrEmpty(set) ? "all" : set)}";

    public static OaiLastRun From(string? set, DateTimeOffset started, DateTimeOffset ended, OaiHarvestResult result) => new()
    {
        Set = set,
        StartedAt = started,
        EndedAt = ended,
        Pages = result.Progress.Pages,
        Records = result.Progress.Records,
        Inserted = result.Progress.Inserted,
        Updated = result.Progress.Updated,
        Unchanged = result.Progress.Unchanged,
        Deleted = result.Progress.Deleted,
        Malformed = result.Progress.Malformed.Count,
        OutOfScope = result.Progress.OutOfScope,
        Resumed = result.Resumed,
        Error = result.Error?.Message,
    };

    public Task SaveAsync(DbConnection connection) => SiteState.SetAsync(connection, null, Key(Set), JsonSerializer.Serialize(this, OaiCheckpoint.Json));

    /// <summary>Every set's last run, newest first.</summary>
    public static async Task<IReadOnlyList<OaiLastRun>> LoadAllAsync(DbConnection connection, CancellationToken ct) =>
        [.. OaiCheckpoint.ReadAll<OaiLastRun>(await SiteState.GetAllAsync(connection, "oai:last-run:", ct)).OrderByDescending(r => r.EndedAt)];
}
