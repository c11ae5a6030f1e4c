namespace DailyPapers.Ingest.Oai;

/// <summary>What a node's harvest schedule is doing now.</summary>
public enum HarvestActivity
{
    /// <summary><c>Harvest:Enabled</c> is false on this node.</summary>
    Off,

    /// <summary>Starting up: nothing decided yet.</summary>
    Starting,

    /// <summary>Waiting for the next run after arXiv's announcement.</summary>
    Waiting,

    /// <summary>Harvesting now.</summary>
    Harvesting,

    /// <summary>The last try failed (arXiv unreachable, or an error): waiting to try again.</summary>
    BackingOff,
}

/// <summary>What the last completed run stored, over all its sets.</summary>
public sealed record HarvestCounts(long Records, long Inserted, long Updated, long Unchanged, long OutOfScope, long Malformed, long Deleted);

/// <summary>
/// This node's harvest schedule as the operator's status page shows it: what it harvests, when it last tried and
/// succeeded, when it runs next, what the last run stored, and the last error. Kept in memory per node; what is
/// stored in the database (each set's checkpoint) survives restarts.
/// </summary>
public sealed record HarvestScheduleStatus
{
    public HarvestActivity Activity { get; init; } = HarvestActivity.Starting;

    /// <summary>The OAI sets each run harvests (<c>cs</c>, <c>stat</c>).</summary>
    public IReadOnlyList<string> Sets { get; init; } = [];

    /// <summary>The categories kept (empty when a whole set is harvested, <c>Harvest:Set</c>).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    public DateTimeOffset? LastAttemptAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>Tries that failed since the last success.</summary>
    public int FailuresInARow { get; init; }

    /// <summary>Why the last failed try failed, and when; kept after a later success, for the record.</summary>
    public string? LastError { get; init; }
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>What the last successful run stored.</summary>
    public HarvestCounts? LastRun { get; init; }

    /// <summary>The last run found another node harvesting (PostgreSQL), so this one left it to that node.</summary>
    public bool LeftToAnotherNode { get; init; }
}

/// <summary>The current <see cref="HarvestScheduleStatus"/> of this node, written by the schedule and read by the status page.</summary>
public sealed class HarvestScheduleState
{
    private readonly Lock _gate = new();
    private HarvestScheduleStatus _current = new();

    public HarvestScheduleStatus Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    internal void Update(Func<HarvestScheduleStatus, HarvestScheduleStatus> change)
    {
        lock (_gate)
        {
            _current = change(_current);
        }
    }
}
