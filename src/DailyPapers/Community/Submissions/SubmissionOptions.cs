namespace DailyPapers.Community.Submissions;

/// <summary>Rules for submitting papers to the daily list (section <c>Community</c>).</summary>
public sealed class SubmissionOptions
{
    /// <summary>How many days after its arXiv date a paper may still be submitted (Hugging Face allows 14).</summary>
    public int SubmissionWindowDays { get; set; } = 14;
}
