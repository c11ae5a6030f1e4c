namespace DailyPapers.Ingest.Oai;

/// <summary>Settings bound from the <c>Harvest</c> section: the daily OAI harvest of a web node.</summary>
public sealed class OaiHarvestScheduleOptions
{
    /// <summary>Run the daily harvest on this node; off by default (and in the demo).</summary>
    public bool Enabled { get; set; }

    /// <summary>When the daily harvest starts, in UTC.</summary>
    public TimeOnly TimeOfDayUtc { get; set; } = new(3, 0);

    /// <summary>The OAI set to harvest (<c>cs</c>, <c>physics:hep-th</c>…); null for all of arXiv.</summary>
    public string? Set { get; set; }
}
