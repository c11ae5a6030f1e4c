namespace DailyPapers.Curation;

/// <summary>Settings bound from the <c>Curation</c> section: the daily list's own picks after each harvest.</summary>
public sealed class CurationOptions
{
    /// <summary>After a harvest that brought new papers, put the day's most interesting ones on its daily list; on by default (it runs only where a harvest runs).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many papers the curator lists per announcement day (1 to 200).</summary>
    public int DailyCount { get; set; } = 20;

    /// <summary>A reader counts as active (their model is summed into the interest) with an upvote or a saved paper in this many days.</summary>
    public int ActiveReaderDays { get; set; } = 30;

    /// <summary>The problems with these settings, each naming its key.</summary>
    public IEnumerable<string> Problems()
    {
        if (DailyCount is < 1 or > 200)
        {
            yield return $"Curation:DailyCount must be between 1 and 200 (it is {DailyCount}).";
        }
        if (ActiveReaderDays is < 1 or > 3650)
        {
            yield return $"Curation:ActiveReaderDays must be between 1 and 3650 (it is {ActiveReaderDays}).";
        }
    }
}
