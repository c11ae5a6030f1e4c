using DailyPapers.Papers;

namespace DailyPapers.Ingest.Arxiv;

/// <summary>
/// What an <see cref="ArxivClient"/> call found. <see cref="Error"/> is null when everything asked for came
/// back; otherwise it says why not, and <see cref="Papers"/> holds whatever did come back before or besides it
/// (the ids that were found, the pages read before a failure).
/// </summary>
public sealed record ArxivResult
{
    public IReadOnlyList<Paper> Papers { get; init; } = [];

    /// <summary>How many results the query has at arXiv, beyond those fetched.</summary>
    public int TotalResults { get; init; }

    /// <summary>The requested ids arXiv has no paper for (id fetches only).</summary>
    public IReadOnlyList<ArxivId> NotFound { get; init; } = [];

    public ArxivError? Error { get; init; }

    public bool Succeeded => Error is null;
}
