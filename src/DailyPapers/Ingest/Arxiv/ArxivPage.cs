using DailyPapers.Papers;

namespace DailyPapers.Ingest.Arxiv;

/// <summary>
/// One Atom response of the query API: the opensearch counters and the entries as papers, or the error the
/// response stands for (<see cref="Error"/> set, <see cref="Papers"/> empty).
/// </summary>
public sealed record ArxivPage
{
    /// <summary>How many results the query has in all (<c>opensearch:totalResults</c>).</summary>
    public int TotalResults { get; init; }

    /// <summary>The 0-based index of the first entry of this page (<c>opensearch:startIndex</c>).</summary>
    public int StartIndex { get; init; }

    /// <summary>The page size arXiv applied (<c>opensearch:itemsPerPage</c>).</summary>
    public int ItemsPerPage { get; init; }

    public IReadOnlyList<Paper> Papers { get; init; } = [];

    public ArxivError? Error { get; init; }

    public static ArxivPage Failed(ArxivErrorKind kind, string message) => new() { Error = new ArxivError(kind, message) };
}
