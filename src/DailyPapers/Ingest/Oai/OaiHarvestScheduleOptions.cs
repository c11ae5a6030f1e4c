using DailyPapers.Papers;

namespace DailyPapers.Ingest.Oai;

/// <summary>Settings bound from the <c>Harvest</c> section: the daily OAI harvest of a web node.</summary>
public sealed class OaiHarvestScheduleOptions
{
    /// <summary>Run the daily harvest on this node (one node of many harvests at a time); on by default.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long after arXiv's 20:00 Eastern announcement the harvest starts (arXiv's OAI is updated shortly after).</summary>
    public TimeSpan DelayAfterAnnouncement { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Instead of after each announcement, harvest every day at this time (UTC); unset by default.</summary>
    public TimeOnly? TimeOfDayUtc { get; set; }

    /// <summary>Instead of the sets of <c>Harvest:Categories</c> (<see cref="HarvestedCategories"/>), harvest this one OAI set whole (<c>cs</c>, <c>physics:hep-th</c>); unset by default.</summary>
    public string? Set { get; set; }

    /// <summary>How many days back the first harvest of a set starts (records arXiv changed since then).</summary>
    public int InitialDays { get; set; } = 7;

    /// <summary>Wait after a failed harvest before the next try; doubles with each failure in a row.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest wait between tries after failures (a scheduled run comes sooner if it is due).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>What each harvest run takes: the one <see cref="Set"/> whole, or each archive's set filtered to <paramref name="categories"/>.</summary>
    public IReadOnlyList<OaiHarvestRequest> Requests(IReadOnlyList<string> categories)
    {
        if (!string.IsNullOrWhiteSpace(Set))
        {
            return [new OaiHarvestRequest { Set = Set.Trim() }];
        }
        return categories
            .GroupBy(ArxivCategories.OaiSet, StringComparer.Ordinal)
            .Select(g => new OaiHarvestRequest { Set = g.Key, Categories = g.ToList() })
            .ToList();
    }

    /// <summary>The problems with these settings, one line each naming the key (none when they are fine); <see cref="HarvestedCategories"/> checks the categories.</summary>
    public IEnumerable<string> Problems()
    {
        if (Set is not null && !OaiHarvestRequest.IsValidSet(Set.Trim()))
        {
            yield return "Harvest:Set must be an OAI set such as cs or physics:hep-th.";
        }
        if (DelayAfterAnnouncement < TimeSpan.Zero || DelayAfterAnnouncement >= TimeSpan.FromDays(1))
        {
            yield return "Harvest:DelayAfterAnnouncement must be from 00:00:00 to less than a day.";
        }
        if (InitialDays is < 0 or > 3650)
        {
            yield return "Harvest:InitialDays must be from 0 to 3650.";
        }
        if (RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay)
        {
            yield return "Harvest:RetryDelay must be positive and Harvest:MaxRetryDelay at least as long.";
        }
    }
}
