namespace DailyPapers.Feed;

/// <summary>
/// Trending = upvotes / (hours since submission + 2)^1.5 — the Hacker News gravity form: a paper needs
/// about 2.8× the votes to match one half its age. The +2 keeps a brand-new paper with one vote from
/// outranking a day-old paper with twenty.
/// </summary>
public static class TrendingScore
{
    public const double Gravity = 1.5;
    public const double OffsetHours = 2;

    public static double Of(int upvotes, DateTime submittedAt, DateTime now)
    {
        var hours = Math.Max(0, (now - submittedAt).TotalHours);
        return upvotes / Math.Pow(hours + OffsetHours, Gravity);
    }
}
