namespace DailyPapers.Community.Accounts;

/// <summary>What a user may do beyond reading, voting and commenting. Each role includes the ones before it.</summary>
public enum UserRole
{
    Reader,
    Moderator,
    Admin,
}

/// <summary>A reader's account: the <c>users</c> row.</summary>
public sealed record Account
{
    public required long Id { get; init; }

    /// <summary>The unique public name in <c>/users/{handle}</c>; compared without regard to case.</summary>
    public required string Handle { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>The sign-in address; null for accounts made by imports (submitters of the demo lists).</summary>
    public string? Email { get; init; }

    public required DateTime CreatedAt { get; init; }

    public UserRole Role { get; init; }

    /// <summary>When a moderator banned the user (they can still sign in and read, but not vote, comment or submit).</summary>
    public DateTime? BannedAt { get; init; }

    public string? BannedReason { get; init; }

    /// <summary>
    /// Changes when every session of the account must end (sign-out, "Sign out everywhere", a ban); each session
    /// cookie holds the stamp it was issued under. Empty until the first change.
    /// </summary>
    public string SessionStamp { get; init; } = "";

    public bool IsBanned => BannedAt is not null;

    public bool IsModerator => Role >= UserRole.Moderator;

    public bool IsAdmin => Role == UserRole.Admin;

    /// <summary>
    /// Whether someone with <paramref name="role"/> and id <paramref name="actorId"/> may ban or unban this account:
    /// staff act only on roles below their own (a moderator on readers, an admin on readers and moderators), never
    /// on themselves. The <c>users</c> verb is the operator's and is not bound by this.
    /// </summary>
    public bool CanBeBannedBy(long actorId, UserRole role) => actorId != Id && Role < role;
}
