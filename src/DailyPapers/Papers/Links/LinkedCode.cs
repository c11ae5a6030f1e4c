namespace DailyPapers.Papers.Links;

/// <summary>
/// A paper's code as pages and the API show it: the repository (<c>owner/repo</c>) with its stars when GitHub was
/// asked, and the project page. What a person set wins over what the paper's text names.
/// </summary>
public sealed record LinkedCode
{
    public string? GithubRepo { get; init; }
    public string? ProjectPage { get; init; }

    /// <summary>Stars at the last reading; null until GitHub was asked (or when it no longer knows the repository).</summary>
    public int? Stars { get; init; }

    /// <summary>When GitHub last answered for the repository; null when never.</summary>
    public DateTime? StarsReadAt { get; init; }

    /// <summary>GitHub answered that the repository does not exist (or is not public).</summary>
    public bool RepoMissing { get; init; }

    /// <summary>The submitter or a verified author set these links, rather than the paper's text naming them.</summary>
    public bool SetByReader { get; init; }

    public string? GithubUrl => GithubRepo is null ? null : CodeLinkRules.RepoUrl(GithubRepo);

    public bool IsEmpty => GithubRepo is null && ProjectPage is null;
}
