using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Claims;
using DailyPapers.Community.Collections;
using DailyPapers.Papers;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>
/// What one reader may keep at once: collections, and authorship claims waiting for a moderator (else one account
/// could claim every author of every paper); and the moderators' queue of claims comes a page at a time.
/// </summary>
public sealed class CommunityLimitTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_has_at_most_the_configured_collections_even_when_asking_in_parallel(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?> { ["Community:MaxCollectionsPerUser"] = "3" });
        var store = site.Services.GetRequiredService<CollectionStore>();
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var client = site.Client();
        await site.SignInAsync(client, "keeper@example.org");
        var keeper = (await accounts.FindByEmailAsync("keeper@example.org"))!;

        var form = await AccountsSite.GetFormAsync(client, "/collections", "form.collection-form");
        form["name"] = "First";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/collections", new FormUrlEncodedContent(form))).StatusCode);
        var made = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => store.CreateAsync(keeper.Id, $"Parallel {i}", isPublic: false)));
        Assert.Equal(2, made.Count(id => id is not null));
        Assert.Equal(3, (await store.ForUserAsync(keeper.Id, includePrivate: true)).Count);

        form["name"] = "One too many";
        var refused = await client.PostAsync("/collections", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var page = await AccountsSite.ParseAsync(refused);
        Assert.Contains("You have 3 collections", page.QuerySelector(".form-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("One too many", page.QuerySelector("form.collection-form input[name=name]")!.GetAttribute("value"));
        Assert.Equal(3, (await store.ForUserAsync(keeper.Id, includePrivate: true)).Count);

        // The limit is per reader.
        var (other, _) = await accounts.GetOrCreateByEmailAsync("other@example.org");
        Assert.NotNull(await store.CreateAsync(other.Id, "Mine", isPublic: true));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_has_at_most_the_configured_claims_pending_and_may_claim_again_once_one_is_decided(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?> { ["Community:MaxPendingClaimsPerUser"] = "3" });
        var papers = site.Services.GetRequiredService<PaperStore>();
        var ids = new[] { "2401.00071", "2401.00072", "2401.00073" };
        foreach (var id in ids)
        {
            await papers.UpsertAsync(PaperStoreTests.Sample(id));
        }
        var claims = site.Services.GetRequiredService<ClaimStore>();
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var client = site.Client();
        await site.SignInAsync(client, "claimer@example.org");
        var claimer = (await accounts.FindByEmailAsync("claimer@example.org"))!;

        // Ten claims at once on different authors: exactly three wait.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => claims.ClaimAsync(ids[i / 4], i % 4, claimer.Id)));
        Assert.Equal(3, outcomes.Count(o => o == ClaimOutcome.Created));
        Assert.All(outcomes.Where(o => o != ClaimOutcome.Created), o => Assert.Equal(ClaimOutcome.TooManyPending, o));
        Assert.Equal(3, (await claims.PendingAsync(0)).Total);

        // The form and the API say why.
        var form = await AccountsSite.GetFormAsync(client, $"/papers/{ids[2]}", "form.claim-form");
        form["position"] = "3";
        var refused = await client.PostAsync($"/claims/{ids[2]}", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("You have 3 claims waiting", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (token, _) = await site.Services.GetRequiredService<ApiTokenStore>().CreateAsync(claimer.Id, "claims");
        using var api = site.Client();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var paper = (await papers.GetAsync(ids[2]))!;
        var apiRefused = await api.PostAsJsonAsync("/api/settings/papers/claim", new { paperId = ids[2], claimAuthorId = HfIds.For("author", $"{paper.ArxivId}#3") });
        Assert.Equal(HttpStatusCode.Conflict, apiRefused.StatusCode);
        Assert.Contains("claims waiting", await apiRefused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A decided claim frees a place.
        var (moderator, _) = await accounts.GetOrCreateByEmailAsync("mod@example.org");
        Assert.True(await claims.DecideAsync((await claims.PendingAsync(0)).Claims[0].Id, approve: false, moderator.Id));
        Assert.Equal(ClaimOutcome.Created, await claims.ClaimAsync(ids[2], 3, claimer.Id));
        Assert.Equal(ClaimOutcome.TooManyPending, await claims.ClaimAsync(ids[2], 2, claimer.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_moderation_desk_pages_pending_claims_oldest_first_with_their_count(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?> { ["Community:MaxPendingClaimsPerUser"] = "1000" });
        var papers = site.Services.GetRequiredService<PaperStore>();
        var claims = site.Services.GetRequiredService<ClaimStore>();
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var (claimer, _) = await accounts.GetOrCreateByEmailAsync("busy@example.org");
        var order = new List<string>();
        for (var p = 0; p < 30; p++)
        {
            var id = $"2402.{p:00000}";
            await papers.UpsertAsync(PaperStoreTests.Sample(id, title: $"Paper {p}"));
            for (var a = 0; a < 4; a++)
            {
                site.Clock.Advance(TimeSpan.FromSeconds(1));
                Assert.Equal(ClaimOutcome.Created, await claims.ClaimAsync(id, a, claimer.Id));
                order.Add($"/papers/{id}");
            }
        }
        var moderator = site.Client();
        await site.SignInAsync(moderator, "mod@example.org");
        await accounts.SetRoleAsync((await accounts.FindByEmailAsync("mod@example.org"))!.Id, UserRole.Moderator);

        var pages = new List<string>();
        for (var p = 0; p < 3; p++)
        {
            var desk = await AccountsSite.ParseAsync(await moderator.GetAsync($"/moderation?p={p}"));
            Assert.Equal($"120 claims wait, oldest first; page {p + 1} of 3.", desk.QuerySelector(".claim-count")!.TextContent);
            var listed = desk.QuerySelectorAll("li.claim a[href^='/papers/']").Select(a => a.GetAttribute("href")!).ToList();
            Assert.Equal(p < 2 ? ClaimStore.PendingPageSize : 20, listed.Count);
            Assert.Equal(p > 0, desk.QuerySelector("nav.pager a[rel=prev]") is not null);
            Assert.Equal(p < 2, desk.QuerySelector("nav.pager a[rel=next]") is not null);
            pages.AddRange(listed);
        }
        Assert.Equal(order, pages);
        // A page past the end shows the last one.
        var past = await AccountsSite.ParseAsync(await moderator.GetAsync("/moderation?p=99"));
        Assert.Equal(20, past.QuerySelectorAll("li.claim").Length);
    }
}
