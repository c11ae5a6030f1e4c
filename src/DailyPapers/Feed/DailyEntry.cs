using DailyPapers.Papers;

namespace DailyPapers.Feed;

/// <summary>A paper as it stands on a daily list: when and by whom it was submitted.</summary>
public sealed record DailyEntry
{
    public required Paper Paper { get; init; }
    public required DateOnly ListDate { get; init; }
    public required DateTime SubmittedAt { get; init; }
    public Submitter? SubmittedBy { get; init; }
    public int NumComments { get; init; }
}

/// <summary>The reader who put a paper on the daily list.</summary>
public sealed record Submitter(long Id, string Handle, string DisplayName);
