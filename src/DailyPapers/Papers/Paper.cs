namespace DailyPapers.Papers;

/// <summary>
/// One arXiv paper, merged from whichever sources described it (query API, OAI-PMH, Kaggle snapshot, demo).
/// Title and abstract are kept as the source gave them (LaTeX, hard line breaks); see <see cref="PaperText"/>
/// for the display form.
/// </summary>
public sealed record Paper
{
    /// <summary>The arXiv id without version: <c>2310.06110</c> or <c>hep-th/9901001</c>.</summary>
    public required string ArxivId { get; init; }
    public required string Title { get; init; }
    public required string Abstract { get; init; }
    public required IReadOnlyList<PaperAuthor> Authors { get; init; }
    public required IReadOnlyList<PaperVersion> Versions { get; init; }
    public string? PrimaryCategory { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public string? Comments { get; init; }
    public string? JournalRef { get; init; }
    public string? Doi { get; init; }
    public string? ReportNo { get; init; }
    public string? License { get; init; }
    public string? Submitter { get; init; }
    public string? MscClass { get; init; }
    public string? AcmClass { get; init; }

    /// <summary>When version 1 appeared on arXiv.</summary>
    public required DateTime PublishedAt { get; init; }

    /// <summary>When the latest known version appeared.</summary>
    public required DateTime UpdatedAt { get; init; }

    /// <summary>
    /// The arXiv announcement day the paper first appeared on (the date of arXiv's listing, see <see cref="ArxivSchedule"/>);
    /// null when the source cannot tell. A stored day never moves later.
    /// </summary>
    public DateOnly? AnnouncedOn { get; init; }

    public int Upvotes { get; init; }
    public bool Hidden { get; init; }

    /// <summary>Where this record came from: <c>api</c>, <c>oai</c>, <c>snapshot</c> or <c>demo</c>.</summary>
    public string Source { get; init; } = "unknown";

    public int LatestVersion => Versions.Count == 0 ? 1 : Versions.Max(v => v.Number);
}

/// <summary>An author in arXiv's order, with the affiliation when the source names one.</summary>
public sealed record PaperAuthor(string Name, string? Affiliation = null);

/// <summary>A version of a paper: <c>v2</c> is Number 2.</summary>
public sealed record PaperVersion(int Number, DateTime CreatedAt, string? Size = null);
