namespace DailyPapers.Search.Keyword;

/// <summary>What the keyword index holds of a paper.</summary>
public sealed record KeywordDocument
{
    public required string Id { get; init; }

    /// <summary>Readable text (<c>PaperText.Display</c>), the form snippets are cut from.</summary>
    public required string Title { get; init; }

    public required string Abstract { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Days since 0001-01-01 of the arXiv date, for date filters.</summary>
    public int PublishedDay { get; init; }

    /// <summary>The journal DOI when the paper has one.</summary>
    public string? Doi { get; init; }
}
