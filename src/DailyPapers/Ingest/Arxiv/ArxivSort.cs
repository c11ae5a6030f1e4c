namespace DailyPapers.Ingest.Arxiv;

/// <summary>The query API's <c>sortBy</c>.</summary>
public enum ArxivSortBy
{
    Relevance,
    LastUpdatedDate,
    SubmittedDate,
}

/// <summary>The query API's <c>sortOrder</c>.</summary>
public enum ArxivSortOrder
{
    Descending,
    Ascending,
}
