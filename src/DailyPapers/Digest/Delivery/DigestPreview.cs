using DailyPapers.Digest.Assembly;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Mail;
using DailyPapers.Papers;
using DailyPapers.Web;
using Microsoft.Extensions.Options;

namespace DailyPapers.Digest.Delivery;

/// <summary>
/// Builds one subscriber's digest exactly as a run would, without writing to the outbox or sending: for
/// <c>digest preview</c> and for the manage page's "what my next digest looks like".
/// </summary>
public sealed class DigestPreview(
    DigestBuilder builder,
    PaperStore papers,
    DigestLinks links,
    SiteUrls urls,
    IOptions<DigestOptions> options,
    IOptions<SiteOptions> site)
{
    public async Task<(DigestPlan Plan, OutgoingMail? Mail)> BuildAsync(Subscription subscription, DigestPeriod period, CancellationToken ct = default)
    {
        var run = await builder.StartAsync(period, ct);
        var plan = (await run.PlanAsync([subscription], ct))[0];
        if (plan.IsEmpty)
        {
            return (plan, null);
        }
        var baseUrl = urls.BaseUrl;
        var cache = new DigestPaperCache(papers, baseUrl, options.Value.AbstractLength);
        await cache.LoadAsync(plan.Items, ct);
        var items = cache.Items(plan.Items);
        var mailLinks = DigestMailLinks.For(baseUrl, await links.SignerAsync(ct), subscription.Id, viewId: null);
        return (plan, DigestMail.Build(subscription.Email, period, items, mailLinks, site.Value.Name, $"digest.preview.{subscription.Id}@localhost"));
    }
}
