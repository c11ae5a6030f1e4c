namespace DailyPapers.Demo;

/// <summary>Settings bound from the <c>Demo</c> section.</summary>
public sealed class DemoOptions
{
    /// <summary>Load the demo papers into an empty database at start (default true).</summary>
    public bool Enabled { get; set; } = true;
}
