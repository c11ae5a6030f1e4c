namespace DailyPapers.Digest.Assembly;

/// <summary>The three parts of a digest, in the order they appear.</summary>
public enum DigestSection
{
    Trending,
    Topic,
    Personal,
}

/// <summary>
/// One paper in a digest. <see cref="Reason"/> is the topic it matched (topic section) or the arXiv id of the
/// reader's paper that made it relevant (personal section, "because you liked …").
/// </summary>
public sealed record DigestItem(string ArxivId, DigestSection Section, string? Reason = null);

/// <summary>What one subscriber gets for one period; no items means nothing new to send.</summary>
public sealed record DigestPlan(long SubscriptionId, DigestPeriod Period, IReadOnlyList<DigestItem> Items)
{
    public bool IsEmpty => Items.Count == 0;
}
