using System.Net;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Votes;
using DailyPapers.Digest;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Papers;
using DailyPapers.Search.Semantic;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Search;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Digest;

/// <summary>"For you" in the digest: the recommender's picks over real MiniLM embeddings, from the reader's upvotes and collections.</summary>
public sealed class PersonalPicksTests
{
    private static readonly DateTime NewDay = DigestSite.Monday.AddDays(1).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);

    private static readonly Paper Satellite = SearchTestPapers.Make("2611.00021", "Quantum key distribution from a satellite with entangled photon pairs",
        "A satellite sends entangled photons to two ground stations 1,200 km apart; the pairs violate Bell's inequality and yield a secret key that no eavesdropper can know.",
        ["Ivy Orbit"], ["quant-ph"], NewDay);

    private static readonly Paper Pastry = SearchTestPapers.Make("2611.00022", "Laminated dough and the rise of croissants",
        "Butter layers in laminated dough turn to steam in the oven; we image the dough and relate the number of folds to the rise and flakiness of croissants.",
        ["Jo Baker"], ["physics.chem-ph"], NewDay);

    private static readonly Paper Glaciers = SearchTestPapers.Make("2611.00023", "Glacier retreat measured from space",
        "Satellite altimetry over two decades shows glaciers losing mass faster at lower altitudes; we separate melting from changes in snowfall.",
        ["Kai Ice"], ["physics.geo-ph"], NewDay);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_who_upvoted_a_quantum_paper_gets_the_new_quantum_paper_because_they_liked_it(string provider)
    {
        await using var site = await DigestSite.StartAsync(provider);
        var papers = site.Services.GetRequiredService<PaperStore>();
        foreach (var p in new[] { SearchTestPapers.Cats, SearchTestPapers.Quantum, SearchTestPapers.Bread, SearchTestPapers.Transformers, SearchTestPapers.Volcano, Satellite, Pastry, Glaciers })
        {
            await papers.UpsertAsync(p);
        }
        await site.Services.GetRequiredService<EmbeddingJob>().RunAsync(CancellationToken.None);

        // A signed-in reader upvotes the 2024 quantum paper and subscribes weekly with personal picks.
        var client = site.Client();
        var signedIn = await site.Site.SignInAsync(client, "ada@example.org");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("ada", await AccountsSite.SignedInHandleAsync(client));
        var account = (await site.Services.GetRequiredService<AccountStore>().FindByEmailAsync("ada@example.org"))!;
        await site.Services.GetRequiredService<VoteStore>().SetAsync(account.Id, SearchTestPapers.Quantum.ArxivId, up: true);
        var page = await AccountsSite.ParseAsync(await client.GetAsync("/subscribe"));
        Assert.NotNull(page.QuerySelector("input[name=forYou]"));
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = page.QuerySelector("form.digest-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        };
        form["email"] = "ada@example.org";
        form["frequency"] = "weekly";
        form["forYou"] = "true";
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/subscribe", new FormUrlEncodedContent(form))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await site.ConfirmAsync("ada@example.org", client)).StatusCode);
        var subscription = (await site.Services.GetRequiredService<SubscriptionStore>().FindByEmailAsync("ada@example.org"))!;
        Assert.True(subscription.ForYou, $"user {subscription.UserId} status {subscription.Status}");
        Assert.Equal(account.Id, subscription.UserId);

        // Someone with no account asks for picks too: the form has no such choice for them, and they get none.
        await site.SubscribedAsync("anon@example.org", "weekly");
        await site.PutOnListAsync(DigestSite.Monday, (DigestSite.Paper("2611.00024", "Trending: a survey of benchmarks"), 4));

        var report = await site.RunAsync(DigestFrequency.Weekly, DigestSite.Monday.AddDays(7));
        Assert.Equal(2, report.Send.Sent);
        var text = Assert.Single(await site.DigestsToAsync("ada@example.org")).Message.TextBody ?? "";
        var forYou = text[text.IndexOf("== For you ==", StringComparison.Ordinal)..];
        Assert.Contains("Quantum key distribution from a satellite", forYou, StringComparison.Ordinal);
        Assert.Contains("Because you liked: Entangled photons for quantum key distribution", forYou, StringComparison.Ordinal);
        Assert.DoesNotContain("croissants", forYou, StringComparison.Ordinal);
        Assert.DoesNotContain("Entangled photons for quantum key distribution\n  http", forYou, StringComparison.Ordinal); // not the liked paper itself
        var anon = Assert.Single(await site.DigestsToAsync("anon@example.org")).Message.TextBody ?? "";
        Assert.Contains("== Trending ==", anon, StringComparison.Ordinal);
        Assert.DoesNotContain("== For you ==", anon, StringComparison.Ordinal);
    }
}
