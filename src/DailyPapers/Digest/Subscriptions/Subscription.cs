namespace DailyPapers.Digest.Subscriptions;

public enum SubscriptionStatus
{
    /// <summary>Waiting for the address's owner to follow the confirmation link; only that mail is sent.</summary>
    Pending,
    Active,
    Paused,
    Unsubscribed,

    /// <summary>The address was refused permanently <c>Digest:BounceLimit</c> times: no more mail.</summary>
    Bouncing,
}

/// <summary>One address's digest subscription: how often, which topics, and whether it wants personal picks.</summary>
public sealed record Subscription
{
    public required long Id { get; init; }
    public required string Email { get; init; }
    public required DigestFrequency Frequency { get; init; }
    public required IReadOnlyList<string> Topics { get; init; }
    public required bool ForYou { get; init; }

    /// <summary>The account it was made from (for personal picks), if the reader was signed in.</summary>
    public long? UserId { get; init; }

    public required SubscriptionStatus Status { get; init; }
    public int Bounces { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? ConfirmedAt { get; init; }
    public DateTime? ConfirmSentAt { get; init; }
}

/// <summary>What the subscribe form and the manage page ask for.</summary>
public sealed record SubscriptionChoice(DigestFrequency Frequency, IReadOnlyList<string> Topics, bool ForYou);
