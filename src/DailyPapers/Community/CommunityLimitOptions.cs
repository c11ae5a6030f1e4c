namespace DailyPapers.Community;

/// <summary>
/// How much one reader may keep at once (section <c>Community</c>), so that no account floods the tables or the
/// moderators' queue. Counted inside the write, so parallel requests cannot pass a limit.
/// </summary>
public sealed class CommunityLimitOptions
{
    /// <summary>Collections one reader may have.</summary>
    public int MaxCollectionsPerUser { get; set; } = 100;

    /// <summary>Authorship claims of one reader that may wait for a moderator at once.</summary>
    public int MaxPendingClaimsPerUser { get; set; } = 20;
}
