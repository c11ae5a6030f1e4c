using DailyPapers.Papers;
using DailyPapers.Papers.Links;

namespace DailyPapers.Feed;

/// <summary>
/// A paper as it stands on a daily list: when and by whom it was submitted, with what readers added to it (comments,
/// verified authors, linked code). A paper on no list can be described the same way (<see cref="Listed"/> false):
/// its arXiv date then stands for the list date and the submission time.
/// </summary>
public sealed record DailyEntry
{
    public required Paper Paper { get; init; }
    public required DateOnly ListDate { get; init; }
    public required DateTime SubmittedAt { get; init; }
    public Submitter? SubmittedBy { get; init; }
    public int NumComments { get; init; }
    public bool Listed { get; init; } = true;

    /// <summary>Authors whose authorship claim a moderator approved.</summary>
    public IReadOnlyList<VerifiedAuthor> VerifiedAuthors { get; init; } = [];

    public LinkedCode? Code { get; init; }
}

/// <summary>The reader who put a paper on the daily list.</summary>
public sealed record Submitter(long Id, string Handle, string DisplayName);

/// <summary>The author at <paramref name="Position"/> is this reader, as a moderator approved at <paramref name="VerifiedAt"/>.</summary>
public sealed record VerifiedAuthor(int Position, long UserId, string Handle, string DisplayName, DateTime VerifiedAt);
