using DailyPapers.Web;

namespace DailyPapers.Community.Accounts;

/// <summary>Settings bound from the <c>Accounts</c> section.</summary>
public sealed class AccountOptions
{
    /// <summary>How long a sign-in link works after it was sent.</summary>
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a sign-in lasts without a visit; each visit extends it.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>
/// Settings bound from the <c>RateLimits</c> section, one rule per named policy in <see cref="CommunityRateLimits"/>.
/// Counts are kept in each web node's memory, so with several nodes the effective limit is per node.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>
    /// Sign-in mails to one address from one client (its IP address, or /64 for IPv6): requests for someone else's
    /// address from elsewhere never lock its owner out.
    /// </summary>
    public RateLimitRule SignInPerAddress { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Sign-in mail requests from one client.</summary>
    public RateLimitRule SignInPerIp { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Subscription requests (the <c>/subscribe</c> form) from one client.</summary>
    public RateLimitRule Subscribe { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Upvotes (and their removal) by one user.</summary>
    public RateLimitRule Votes { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Comments, replies and edits by one user.</summary>
    public RateLimitRule Comments { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(10) };

    /// <summary>Paper submissions by one user.</summary>
    public RateLimitRule Submissions { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };

    /// <summary>Library imports by one user.</summary>
    public RateLimitRule LibraryImports { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };

    internal IEnumerable<RateLimitRule> All => [SignInPerAddress, SignInPerIp, Subscribe, Votes, Comments, Submissions, LibraryImports];
}
