using DailyPapers.Web;
using Microsoft.Extensions.Options;

namespace DailyPapers.Search;

/// <summary>
/// The per-client limit on searching (<c>/search</c>, <c>/search.atom</c>, <c>/api/papers/search</c>, one budget for
/// all three): every free-text query runs a sentence embedding. Counted per account when signed in, else per client
/// network; the rule is <c>RateLimits:Search</c> (<c>PermitLimit</c>, <c>Window</c>).
/// </summary>
public static class SearchRateLimit
{
    /// <summary>The policy name for <c>RequireRateLimiting(...)</c>.</summary>
    public const string Policy = "search";

    internal static void Add(IServiceCollection services)
    {
        // Generous: a reader paging through results or a feed reader polling a few topics never meets it.
        services.AddOptions<RateLimitRule>(Policy)
            .Configure(r => (r.PermitLimit, r.Window) = (60, TimeSpan.FromMinutes(1)))
            .BindConfiguration("RateLimits:Search")
            .Validate(r => r.IsValid, "RateLimits:Search needs a positive PermitLimit and Window.")
            .ValidateOnStart();
        services.AddRateLimiter(o => o.AddPolicy(Policy, http => ClientRateLimits.FixedWindow(
            ClientRateLimits.AccountOrNetwork(http), http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitRule>>().Get(Policy))));
    }
}
