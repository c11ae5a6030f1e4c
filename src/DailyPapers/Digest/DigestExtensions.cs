using DailyPapers.Digest.Assembly;
using DailyPapers.Digest.Delivery;
using DailyPapers.Digest.Subscriptions;

namespace DailyPapers.Digest;

public static class DigestExtensions
{
    /// <summary>
    /// Digests: subscriptions, the builder (trending, topics, personal picks), the outbox and its sender, and the
    /// job runner that the scheduler (<see cref="AddDigestSchedule"/>, web host only) and the <c>digest</c> verb call.
    /// Needs <c>AddMail()</c>, <c>AddSearch()</c>, <c>AddFeed()</c>, <c>AddRecommendations()</c>.
    /// </summary>
    public static IServiceCollection AddDigest(this IServiceCollection services)
    {
        services.AddOptions<DigestOptions>()
            .BindConfiguration("Digest")
            .Validate(o => o.IsValid(out _), "Digest settings are invalid: check Digest:TimeZone and that counts and durations are positive.")
            .ValidateOnStart();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<DigestLinks>();
        services.AddSingleton<DigestBuilder>();
        services.AddSingleton<DigestOutbox>();
        services.AddSingleton<DigestSender>();
        services.AddSingleton<DigestPreview>();
        services.AddSingleton<JobLease>();
        services.AddSingleton<DigestRunner>();
        return services;
    }

    /// <summary>The scheduler that sends digests at <c>Digest:SendTime</c> (it does nothing when <c>Digest:Enabled</c> is false).</summary>
    public static IServiceCollection AddDigestSchedule(this IServiceCollection services) => services.AddHostedService<DigestScheduler>();
}
