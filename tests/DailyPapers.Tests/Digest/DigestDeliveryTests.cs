using Dapper;
using DailyPapers.Digest;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Digest;

/// <summary>Exactly once: reruns, a relay that dies mid-run, two nodes at once, bounces.</summary>
public sealed class DigestDeliveryTests
{
    private static readonly DateOnly Tuesday = DigestSite.Monday.AddDays(1);

    private static Task ListPapersAsync(DigestSite site) => site.PutOnListAsync(DigestSite.Monday,
        (DigestSite.Paper("2611.00011", "Graph neural networks for weather"), 5),
        (DigestSite.Paper("2611.00012", "Diffusion models for proteins"), 9));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_relay_that_dies_after_k_of_n_messages_then_a_rerun_delivers_each_exactly_once(string provider)
    {
        const int n = 12, k = 5;
        await using var site = await DigestSite.StartAsync(provider);
        await ListPapersAsync(site);
        var emails = await site.AddSubscribersAsync(n);
        site.Mail.StopAfter(k);

        var first = await site.RunAsync(DigestFrequency.Daily, Tuesday);
        Assert.True(first.Send.RelayDown);
        Assert.Equal(k, first.Send.Sent);
        Assert.Equal(k, site.Mail.Messages.Count(m => m.Message.Headers.Contains("List-Unsubscribe")));

        await site.Mail.RestartAsync();
        var second = await site.RunAsync(DigestFrequency.Daily, Tuesday);
        Assert.False(second.Send.RelayDown);
        Assert.Equal(0, second.Queued); // nothing planned twice
        Assert.Equal(n - k, second.Send.Sent);

        var digests = site.Mail.Messages.Where(m => m.Message.Headers.Contains("List-Unsubscribe")).ToList();
        Assert.Equal(n, digests.Count);
        Assert.Equal(emails.Order(), digests.Select(m => m.To).Order());
        Assert.Equal(n, digests.Select(m => m.Message.MessageId).Distinct().Count());

        // And a third run sends nothing.
        Assert.Equal(0, (await site.RunAsync(DigestFrequency.Daily, Tuesday)).Send.Sent);
        Assert.Equal(n, site.Mail.Messages.Count(m => m.Message.Headers.Contains("List-Unsubscribe")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_nodes_running_the_job_at_once_send_each_digest_once_and_only_one_of_them_sends(string provider)
    {
        const int n = 30;
        await using var a = await DigestSite.StartAsync(provider);
        await using var b = await a.StartSecondNodeAsync(a.Mail);
        await ListPapersAsync(a);
        await a.AddSubscribersAsync(n);

        var reports = await Task.WhenAll(a.RunAsync(DigestFrequency.Daily, Tuesday), b.RunAsync(DigestFrequency.Daily, Tuesday));

        Assert.Equal(n, reports.Sum(r => r.Send.Sent));
        var digests = a.Mail.Messages.Where(m => m.Message.Headers.Contains("List-Unsubscribe")).ToList();
        Assert.Equal(n, digests.Count);
        Assert.Equal(n, digests.Select(m => m.To).Distinct().Count());
        await using var connection = await a.Site.Db.Database.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(DISTINCT sent_by) FROM digest_outbox WHERE status = 'sent'"));
        Assert.Equal(n, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM digest_outbox"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_address_refused_BounceLimit_times_is_marked_bouncing_and_gets_no_more_mail(string provider)
    {
        await using var site = await DigestSite.StartAsync(provider, new Dictionary<string, string?> { ["Digest:BounceLimit"] = "2" });
        var emails = await site.AddSubscribersAsync(2);
        site.Mail.RefuseRecipient(emails[0]);
        var store = site.Services.GetRequiredService<SubscriptionStore>();

        for (var day = 0; day < 3; day++)
        {
            var listDay = DigestSite.Monday.AddDays(day);
            await site.PutOnListAsync(listDay, (DigestSite.Paper($"2611.0010{day}", $"Paper of day {day}", published: listDay.ToDateTime(TimeOnly.MinValue)), 1));
            var report = await site.RunAsync(DigestFrequency.Daily, listDay.AddDays(1));
            Assert.Equal(day < 2 ? 1 : 0, report.Send.Bounced);
            Assert.Equal(1, report.Send.Sent);
        }
        Assert.Equal(SubscriptionStatus.Bouncing, (await store.FindByEmailAsync(emails[0]))!.Status);
        Assert.Equal(SubscriptionStatus.Active, (await store.FindByEmailAsync(emails[1]))!.Status);
        Assert.Equal(3, (await site.DigestsToAsync(emails[1])).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_paper_reaches_a_subscriber_once_across_digests(string provider)
    {
        await using var site = await DigestSite.StartAsync(provider);
        await ListPapersAsync(site);
        var email = (await site.AddSubscribersAsync(1))[0];
        Assert.Equal(1, (await site.RunAsync(DigestFrequency.Daily, Tuesday)).Send.Sent);

        // The reader switches to weekly: the week's digest holds only what the daily one did not.
        var store = site.Services.GetRequiredService<SubscriptionStore>();
        var s = (await store.FindByEmailAsync(email))!;
        await store.UpdateChoiceAsync(s.Id, new SubscriptionChoice(DigestFrequency.Weekly, [], false));
        await site.PutOnListAsync(Tuesday, (DigestSite.Paper("2611.00013", "A newer paper on Tuesday", published: Tuesday.ToDateTime(TimeOnly.MinValue)), 2));
        var weekly = await site.RunAsync(DigestFrequency.Weekly, DigestSite.Monday.AddDays(7));
        Assert.Equal(1, weekly.Send.Sent);

        var digests = await site.DigestsToAsync(email);
        Assert.Equal(2, digests.Count);
        var second = digests[1].Message.TextBody ?? "";
        Assert.Contains("A newer paper on Tuesday", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Diffusion models for proteins", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Graph neural networks", second, StringComparison.Ordinal);

        // Nothing new at all: no mail rather than an empty digest.
        var nothing = await site.RunAsync(DigestFrequency.Weekly, DigestSite.Monday.AddDays(21));
        Assert.Equal(0, nothing.Send.Sent);
        Assert.Equal(2, (await site.DigestsToAsync(email)).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_sender_slower_than_its_lease_never_claims_its_own_unsent_digests_again(string provider)
    {
        await using var site = await DigestSite.StartAsync(provider);
        await ListPapersAsync(site);
        await site.AddSubscribersAsync(6);
        site.Mail.StopAfter(0);
        Assert.True((await site.RunAsync(DigestFrequency.Daily, Tuesday)).Send.RelayDown); // six digests planned, still queued
        var outbox = site.Services.GetRequiredService<DailyPapers.Digest.Delivery.DigestOutbox>();
        var lease = TimeSpan.FromMilliseconds(300);

        var first = await outbox.ClaimAsync("run-a", lease, 3, TimeSpan.FromDays(7));
        await Task.Delay(lease * 2); // the run is slower than its lease: the first three are still being sent
        var second = await outbox.ClaimAsync("run-a", lease, 3, TimeSpan.FromDays(7));
        var other = await outbox.ClaimAsync("run-b", lease, 3, TimeSpan.FromDays(7));

        Assert.Equal(3, first.Count);
        Assert.Empty(first.Select(m => m.Id).Intersect(second.Select(m => m.Id)));
        Assert.Empty(first.Concat(second).Select(m => m.Id).Intersect(other.Select(m => m.Id)));
    }
}
