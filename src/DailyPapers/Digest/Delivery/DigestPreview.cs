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
        var ids = plan.Items.SelectMany(i => i.Section == DigestSection.Personal && i.Reason is { } r ? new[] { i.ArxivId, r } : [i.ArxivId]).Distinct().ToList();
        var loaded = (await papers.GetManyAsync(ids, ct)).ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
        var items = plan.Items.Where(i => loaded.ContainsKey(i.ArxivId))
            .Select(i => new DigestMailItem(i, loaded[i.ArxivId], i.Section == DigestSection.Personal && i.Reason is { } r ? loaded.GetValueOrDefault(r) : null))
            .ToList();
        var baseUrl = urls.BaseUrl(null);
        var mailLinks = new DigestMailLinks(baseUrl,
            $"{baseUrl}/digest/manage/{await links.CreateAsync(LinkPurpose.Manage, subscription.Id, ct)}",
            $"{baseUrl}/unsubscribe/{await links.CreateAsync(LinkPurpose.Unsubscribe, subscription.Id, ct)}",
            $"{baseUrl}/digest/manage/{await links.CreateAsync(LinkPurpose.Manage, subscription.Id, ct)}");
        return (plan, DigestMail.Build(subscription.Email, period, items, mailLinks, site.Value.Name, $"digest.preview.{subscription.Id}@localhost", options.Value.AbstractLength));
    }
}
