using DailyPapers.Community.Accounts;
using DailyPapers.Digest;
using DailyPapers.Digest.Delivery;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Papers;
using DailyPapers.Web;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Site;

/// <summary>"View in browser" (<c>/digest/view/{token}</c>): a digest as it was mailed, as paper cards.</summary>
public static class DigestViewEndpoints
{
    public static IEndpointRouteBuilder MapDigestView(this IEndpointRouteBuilder app)
    {
        app.MapGet("/digest/view/{token}", View).ExcludeFromDescription().AddEndpointFilter(AccountEndpoints.NoStore);
        return app;
    }

    private static async Task<IResult> View(
        string token, DigestLinks links, DigestOutbox outbox, PaperStore papers, IOptions<SiteOptions> site, CancellationToken ct) =>
        await DigestEndpoints.ViewAsync(token, links, outbox, papers, site, ct) is { } view
            ? new RazorComponentResult<DigestViewPage>(new { view.Title, view.Items })
            : DigestEndpoints.BadLink();
}
