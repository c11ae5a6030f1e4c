namespace DailyPapers.Feed;

/// <summary>Everything the daily/weekly/monthly list page shows.</summary>
public sealed record DailyListView
{
    public required ListPeriod Period { get; init; }
    public required IReadOnlyList<DailyEntry> Entries { get; init; }
    public required int Total { get; init; }
    public required int Page { get; init; }
    public required int PageSize { get; init; }
    /// <summary>The nearest earlier and later days that have papers, for an empty period.</summary>
    public DateOnly? Before { get; init; }
    public DateOnly? After { get; init; }
    public bool IsHome { get; init; }

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
