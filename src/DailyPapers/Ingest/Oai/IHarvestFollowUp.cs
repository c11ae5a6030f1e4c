namespace DailyPapers.Ingest.Oai;

/// <summary>
/// Work a feature above Ingest does after a harvest that stored new papers (the curation of the day's list). The
/// harvest schedule and the <c>harvest oai</c> verb call every registered one; Ingest cannot name those features.
/// </summary>
public interface IHarvestFollowUp
{
    /// <summary>Runs after a completed harvest that inserted <paramref name="inserted"/> papers; returns a line saying what it did, or null.</summary>
    Task<string?> AfterHarvestAsync(long inserted, CancellationToken ct);
}
