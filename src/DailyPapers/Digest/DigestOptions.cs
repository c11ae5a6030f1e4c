namespace DailyPapers.Digest;

/// <summary>Settings bound from the <c>Digest</c> section.</summary>
public sealed class DigestOptions
{
    /// <summary>Build and send digests on schedule in the web host (the <c>digest</c> verb works either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Local time of day the digests go out, in <see cref="TimeZone"/>.</summary>
    public TimeOnly SendTime { get; set; } = new(7, 0);

    /// <summary>The time zone of <see cref="SendTime"/> and of "today" (an IANA id such as <c>Europe/Paris</c>).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The day the weekly digest goes out; it covers the seven days before.</summary>
    public DayOfWeek WeeklyDay { get; set; } = DayOfWeek.Monday;

    /// <summary>Trending papers per digest (the period's most upvoted).</summary>
    public int TrendingCount { get; set; } = 10;

    /// <summary>Papers per topic per digest.</summary>
    public int TopicCount { get; set; } = 5;

    /// <summary>Personal picks per digest for readers who chose "for you".</summary>
    public int PersonalCount { get; set; } = 5;

    /// <summary>Abstracts are cut near this many characters (at a word boundary).</summary>
    public int AbstractLength { get; set; } = 500;

    /// <summary>Topics one subscription may have.</summary>
    public int MaxTopics { get; set; } = 10;

    /// <summary>Permanent refusals of an address (5xx) after which it counts as bouncing and gets no more mail.</summary>
    public int BounceLimit { get; set; } = 3;

    /// <summary>Runs of the sender a message may fail in (transient errors) before it is given up.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>A digest not sent within this time after it was built is dropped, not sent late.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(20);

    /// <summary>How long a confirmation link works.</summary>
    public TimeSpan ConfirmationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a node holds the digest job without renewing it; another node may take over after.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the scheduler looks whether a digest is due or messages wait for a retry.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often digests that failed to send (relay down, 4xx) are tried again.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Confirmation mails to one address from one client per window (the form's posts per client: <c>RateLimits:Subscribe</c>).</summary>
    public int SubscribePermitLimit { get; set; } = 5;

    /// <summary>The window of <see cref="SubscribePermitLimit"/>.</summary>
    public TimeSpan SubscribeWindow { get; set; } = TimeSpan.FromHours(1);

    internal TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    internal bool IsValid(out string error)
    {
        error = "";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            error = $"Digest:TimeZone '{TimeZone}' is not a known time zone (use an IANA id such as Europe/Paris).";
        }
        else if (TrendingCount < 0 || TopicCount < 0 || PersonalCount < 0 || AbstractLength < 50 || MaxTopics < 0)
        {
            error = "Digest:TrendingCount, TopicCount, PersonalCount and MaxTopics must be >= 0 and AbstractLength >= 50.";
        }
        else if (BounceLimit < 1 || MaxAttempts < 1 || MaxDelay <= TimeSpan.Zero || ConfirmationLifetime <= TimeSpan.Zero
            || LeaseDuration < TimeSpan.FromSeconds(5) || CheckInterval <= TimeSpan.Zero || RetryInterval <= TimeSpan.Zero || SubscribePermitLimit < 1 || SubscribeWindow <= TimeSpan.Zero)
        {
            error = "Digest:BounceLimit, MaxAttempts, MaxDelay, ConfirmationLifetime, CheckInterval, RetryInterval, SubscribePermitLimit and SubscribeWindow must be positive; LeaseDuration at least 5 seconds.";
        }
        return error.Length == 0;
    }
}
