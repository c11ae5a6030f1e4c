namespace DailyPapers.Ingest.GitHub;

/// <summary>Settings bound from the <c>GitHub</c> section: reading repositories' stars from the GitHub REST API.</summary>
public sealed class GitHubOptions
{
    /// <summary>Read stars on this node (one node at a time reads); off, links are still found and shown with the stars last read.</summary>
    public bool Enabled { get; set; }

    /// <summary>The GitHub REST API (tests point it at a local replay server).</summary>
    public Uri ApiUrl { get; set; } = new("https://api.github.com");

    /// <summary>An access token (no scope needed for public repositories): 5,000 requests an hour instead of 60; optional.</summary>
    public string? Token { get; set; }

    /// <summary>How old a repository's stars may get before they are read again.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Least time between two GitHub requests of this process.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the job looks for repositories to read, and tries again after GitHub was unreachable.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one request may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The User-Agent GitHub requires on every request.</summary>
    public string UserAgent { get; set; } = "DailyPapers/1.0 (research-paper discovery site)";
}
