using DailyPapers.Feed;

namespace DailyPapers.Community.Submissions;

/// <summary>How a submission ended.</summary>
public enum SubmissionOutcome
{
    /// <summary>The paper is now on today's list.</summary>
    Added,

    /// <summary>The paper was on a list already (perhaps by a submission a moment ago); <see cref="SubmissionResult.Entry"/> is that entry.</summary>
    AlreadyListed,

    /// <summary>The text is not an arXiv id or abs/pdf URL; nothing was asked of arXiv.</summary>
    MalformedId,

    /// <summary>arXiv has no such paper (or it is hidden here).</summary>
    NotFound,

    /// <summary>The paper's arXiv date is outside the submission window.</summary>
    OutsideWindow,

    /// <summary>arXiv could not be asked (down, slow, rate-limited); trying later may work.</summary>
    ArxivUnavailable,
}

/// <summary>The outcome, the paper's id when it was understood, the list entry when there is one, and a sentence for a person.</summary>
public sealed record SubmissionResult(SubmissionOutcome Outcome, string Message, string? ArxivId = null, DailyEntry? Entry = null);
