namespace DailyPapers.Demo;

/// <summary>Settings bound from the <c>Demo</c> section.</summary>
public sealed class DemoOptions
{
    /// <summary>Load the demo papers into an empty database at start (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// With the demo, also load a month of real arXiv announcements (2026-06-01 to 2026-07-01, 6,926 papers with their
    /// MiniLM vectors) for <c>/new</c>, in the background after the first start (default true).
    /// </summary>
    public bool NewPapers { get; set; } = true;
}
