namespace DailyPapers.Feed;

/// <summary>
/// Trending = Σ over a paper's votes of 0.5^(hours since the vote / 24): a vote counts 1 when it is cast and
/// half as much every 24 hours after, so a paper trends while it is being voted for now, not because it
/// gathered votes last month. Votes a paper came with but that have no time here (the demo's seeded counts,
/// imported counts: <c>papers.upvotes</c> minus the rows in <c>votes</c>) count as cast when the paper went
/// on the daily list. Ties go to the earlier submission.
/// </summary>
public static class TrendingScore
{
    /// <summary>Hours after which a vote weighs half as much.</summary>
    public const double HalfLifeHours = 24;

    public static double Of(int upvotes, DateTime submittedAt, IEnumerable<DateTime> voteTimes, DateTime now)
    {
        var timed = 0;
        var score = 0.0;
        foreach (var at in voteTimes)
        {
            score += Weight(at, now);
            timed++;
        }
        return score + Math.Max(0, upvotes - timed) * Weight(submittedAt, now);
    }

    /// <summary>What one vote cast at <paramref name="at"/> is worth at <paramref name="now"/> (1 when fresh; a vote "from the future" counts 1).</summary>
    public static double Weight(DateTime at, DateTime now) => Math.Pow(0.5, Math.Max(0, (now - at).TotalHours) / HalfLifeHours);
}
