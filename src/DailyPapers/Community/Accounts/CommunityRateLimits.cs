using System.Globalization;
using System.Threading.RateLimiting;
using DailyPapers.Community.Accounts.Pages;
using DailyPapers.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DailyPapers.Community.Accounts;

/// <summary>
/// Named rate-limit policies for <c>RequireRateLimiting(...)</c>, each a fixed window from
/// <see cref="RateLimitOptions"/>, counted per client as <see cref="ClientRateLimits"/> says. Refusals (of every
/// policy, other capabilities' too) are 429 with Retry-After: an HTML page on the site, problem JSON under <c>/api</c>.
/// </summary>
public static class CommunityRateLimits
{
    /// <summary>Sign-in mail requests per client (the per-address limit is inside <see cref="SignInService"/>).</summary>
    public const string SignIn = "sign-in";

    /// <summary>Subscription requests per client: a budget apart from sign-in's, so neither form uses up the other.</summary>
    public const string Subscribe = "subscribe";

    /// <summary>Per signed-in user (per IP for anonymous requests).</summary>
    public const string Votes = "votes";

    /// <summary>Per signed-in user (per IP for anonymous requests).</summary>
    public const string Comments = "comments";

    /// <summary>Per signed-in user (per IP for anonymous requests).</summary>
    public const string Submissions = "submissions";

    /// <summary>Library imports (<c>/settings/library</c>) per signed-in user: each reads a file of up to thousands of entries.</summary>
    public const string LibraryImports = "library-imports";

    /// <summary>The 429 answer: Retry-After in whole seconds, then a page or problem JSON.</summary>
    public static IResult TooManyRequests(HttpContext context, TimeSpan? retryAfter)
    {
        var seconds = (int)Math.Ceiling((retryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var wait = seconds >= 120 ? $"{(seconds + 59) / 60} minutes" : $"{seconds} seconds";
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem($"Too many requests; try again in {wait}.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
        }
        return new RazorComponentResult<AccountMessagePage>(new { Heading = "Too many requests", Message = $"Please wait {wait} and try again." })
        {
            StatusCode = StatusCodes.Status429TooManyRequests,
        };
    }

    internal static void Add(Microsoft.AspNetCore.RateLimiting.RateLimiterOptions o)
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = (context, _) => new ValueTask(TooManyRequests(
            context.HttpContext, context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null).ExecuteAsync(context.HttpContext));
        o.AddPolicy(SignIn, http => ClientRateLimits.FixedWindow("ip:" + ClientRateLimits.Network(http), Rules(http).SignInPerIp));
        o.AddPolicy(Subscribe, http => ClientRateLimits.FixedWindow("ip:" + ClientRateLimits.Network(http), Rules(http).Subscribe));
        o.AddPolicy(Votes, http => ClientRateLimits.FixedWindow(ClientRateLimits.AccountOrNetwork(http), Rules(http).Votes));
        o.AddPolicy(Comments, http => ClientRateLimits.FixedWindow(ClientRateLimits.AccountOrNetwork(http), Rules(http).Comments));
        o.AddPolicy(Submissions, http => ClientRateLimits.FixedWindow(ClientRateLimits.AccountOrNetwork(http), Rules(http).Submissions));
        o.AddPolicy(LibraryImports, http => ClientRateLimits.FixedWindow(ClientRateLimits.AccountOrNetwork(http), Rules(http).LibraryImports));
    }

    private static RateLimitOptions Rules(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
}
