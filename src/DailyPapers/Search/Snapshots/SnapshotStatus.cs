using Microsoft.Extensions.Options;

namespace DailyPapers.Search.Snapshots;

/// <summary>The snapshot folder as <c>/admin/status</c> shows it.</summary>
/// <param name="Root">The configured <c>Search:SnapshotPath</c>, made absolute.</param>
/// <param name="Interval">How often this node publishes (<c>Search:SnapshotInterval</c>; zero: it does not).</param>
/// <param name="Latest">The newest snapshot's manifest, or null when there is none or it cannot be read.</param>
/// <param name="Problem">Why a new node could not seed from it (unreadable, another layout, model or database), or null.</param>
/// <param name="Overdue">This node publishes, and the newest snapshot is older than twice the interval (or there is none after that long).</param>
/// <param name="Seeded">This node's indexes were copied from a snapshot at start.</param>
/// <param name="LastFailure">This node's last failed publication (when, and why), if it failed since its last success.</param>
public sealed record SnapshotFigures(
    string Root, TimeSpan Interval, IndexSnapshotManifest? Latest, string? Problem, bool Overdue, bool Seeded, (DateTimeOffset At, string Error)? LastFailure);

/// <summary>
/// Reads <c>Search:SnapshotPath</c> for the status page: when the latest snapshot was published, by which node, how
/// many papers and bytes it holds, whether a node of this version could seed from it, and whether publishing has
/// stalled. Reads only <c>latest</c> and the manifest it names: cheap enough for every view of the page.
/// </summary>
public sealed class SnapshotStatus(SearchIndexes indexes, IOptions<SearchOptions> options, TimeProvider clock)
{
    // Created with the node's publishing worker, at start: a node that has published nothing for twice the interval since then is overdue.
    private readonly DateTimeOffset _started = clock.GetUtcNow();
    private volatile Tuple<DateTimeOffset, string>? _failure;

    /// <summary>The publishing worker's report of a failed publication (a full share, a database restarting).</summary>
    public void Failed(Exception e) => _failure = Tuple.Create(clock.GetUtcNow(), e.Message);

    /// <summary>The publishing worker's report of a publication that succeeded.</summary>
    public void Published() => _failure = null;

    /// <summary>Null when no snapshot folder is configured.</summary>
    public SnapshotFigures? Read()
    {
        var (path, interval) = (options.Value.SnapshotPath, options.Value.SnapshotInterval);
        if (path.Length == 0)
        {
            return null;
        }
        var root = Path.GetFullPath(path);
        IndexSnapshotManifest? latest = null;
        string? problem;
        try
        {
            latest = IndexSnapshotFolder.ReadLatest(root)?.Manifest;
            var model = indexes.Embedder.Model;
            problem = latest is null ? null : IndexSnapshotSeeder.Refusal(latest, new SeedTarget(indexes.DatabaseId, model.Name, model.Dimensions, "", "", Vectors: true));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
        }
        var now = clock.GetUtcNow();
        var overdue = interval > TimeSpan.Zero && now - (latest?.CreatedAt ?? _started) > 2 * interval;
        var failure = _failure;
        return new SnapshotFigures(root, interval, latest, problem, overdue, indexes.Seeded, failure is null ? null : (failure.Item1, failure.Item2));
    }
}
