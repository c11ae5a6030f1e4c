using DailyPapers.Storage;

namespace DailyPapers.Ingest.Oai;

/// <summary>One harvest at a time across the nodes of a PostgreSQL database (see <see cref="AdvisoryLock"/>).</summary>
public static class OaiHarvestLock
{
    /// <summary>The advisory lock key: "OAIharv" in ASCII.</summary>
    public const long Key = 0x4f_41_49_68_61_72_76;

    /// <summary>The lock, or null when another session holds it.</summary>
    public static Task<AdvisoryLock?> TryTakeAsync(Database database, CancellationToken ct = default) =>
        AdvisoryLock.TryTakeAsync(database, Key, ct);
}
