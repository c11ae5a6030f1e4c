using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Collections;
using DailyPapers.Digest;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Papers;
using DailyPapers.Recommendations;
using DailyPapers.Search.Semantic;
using DailyPapers.Search.Sync;
using DailyPapers.Site;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Search;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Recommendations;

/// <summary>
/// <c>/for-you</c> on the real app and real MiniLM embeddings: the week's new papers ranked by what the reader
/// saved (or by their digest topics), each with its reason; "not interested" as a plain form and for scripts; the
/// start for a reader with no signals; anonymous readers sent to sign in; forged marks refused.
/// </summary>
public sealed class ForYouPageTests
{
    private static readonly DateTime ThisWeek = DateTime.UtcNow.Date.AddDays(-1).AddHours(10);

    private static readonly Paper Satellite = SearchTestPapers.Make("2612.00031", "Quantum key distribution from a satellite with entangled photon pairs",
        "A satellite sends entangled photons to two ground stations 1,200 km apart; the pairs violate Bell's inequality and yield a secret key that no eavesdropper can know.",
        ["Ivy Orbit"], ["quant-ph"], ThisWeek);

    private static readonly Paper Heads = SearchTestPapers.Make("2612.00032", "Which attention heads of a transformer recall facts",
        "We probe the attention heads of large language models and find a few that retrieve stored facts from earlier tokens of the context.",
        ["Lea Probe"], ["cs.CL"], ThisWeek);

    private static readonly Paper Induction = SearchTestPapers.Make("2612.00033", "Induction heads copy tokens in language models",
        "Attention heads in transformer language models learn to copy a token that followed an earlier occurrence of the current token.",
        ["Mo Copy"], ["cs.CL"], ThisWeek.AddDays(-1));

    private static readonly Paper Pastry = SearchTestPapers.Make("2612.00034", "Laminated dough and the rise of croissants",
        "Butter layers in laminated dough turn to steam in the oven; we image the dough and relate the number of folds to the rise and flakiness of croissants.",
        ["Jo Baker"], ["physics.chem-ph"], ThisWeek);

    private static readonly Paper Glaciers = SearchTestPapers.Make("2612.00035", "Glacier retreat measured from space",
        "Satellite altimetry over two decades shows glaciers losing mass faster at lower altitudes; we separate melting from changes in snowfall.",
        ["Kai Ice"], ["physics.geo-ph"], ThisWeek.AddDays(-2));

    private static readonly Paper[] NewPapers = [Satellite, Heads, Induction, Pastry, Glaciers];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_who_saved_two_papers_sees_similar_new_papers_first_and_not_interested_moves_one_down_at_once(string provider)
    {
        await using var site = await StartAsync(provider);
        var client = site.Client();
        await site.SignInAsync(client, "ada@example.org");
        await SaveAsync(site, "ada@example.org", SearchTestPapers.Quantum, SearchTestPapers.Transformers);

        var page = await ForYouAsync(client);
        var cards = Cards(page);
        Assert.Equal(NewPapers.Length, cards.Count);
        Assert.Equal([Satellite.ArxivId, Heads.ArxivId, Induction.ArxivId], cards.Take(3).Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.Equal($"Because you saved “{SearchTestPapers.Quantum.Title}”", cards.Single(c => c.Id == Satellite.ArxivId).Reason);
        Assert.Equal($"Because you saved “{SearchTestPapers.Transformers.Title}”", cards.Single(c => c.Id == Heads.ArxivId).Reason);
        Assert.Null(page.QuerySelector(".for-you-start"));

        // "Not interested" on the induction-heads paper: a plain form POST redirects back; it is last at once.
        var form = AccountsSite.FormFields(page, $"form.not-interested-form[action='/for-you/not-interested/{Induction.ArxivId}']");
        Assert.Equal("true", form["marked"]);
        var marked = await client.PostAsync($"/for-you/not-interested/{Induction.ArxivId}", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.Equal("/for-you", marked.Headers.Location?.OriginalString);
        page = await ForYouAsync(client);
        cards = Cards(page);
        Assert.Equal(Induction.ArxivId, cards[^1].Id);
        Assert.Equal("You marked this not interested", cards[^1].Reason);
        Assert.Equal([Satellite.ArxivId, Heads.ArxivId], cards.Take(2).Select(c => c.Id).Order(StringComparer.Ordinal));

        // Taking the mark back (as a script does: JSON) brings it back up.
        form = AccountsSite.FormFields(page, $"form.not-interested-form[action='/for-you/not-interested/{Induction.ArxivId}']");
        Assert.Equal("false", form["marked"]);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/for-you/not-interested/{Induction.ArxivId}") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.ParseAdd("application/json");
        var undone = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        Assert.Equal(new NotInterestedState(Induction.ArxivId, false), await undone.Content.ReadFromJsonAsync<NotInterestedState>());
        Assert.Contains(Induction.ArxivId, Cards(await ForYouAsync(client)).Take(3).Select(c => c.Id));
        Assert.Empty(await site.Services.GetRequiredService<NotInterestedStore>().ForReaderAsync(await AccountIdAsync(site, "ada@example.org")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Saving_a_paper_from_the_page_changes_the_next_ranking(string provider)
    {
        await using var site = await StartAsync(provider);
        var client = site.Client();
        await site.SignInAsync(client, "bo@example.org");
        var userId = await AccountIdAsync(site, "bo@example.org");
        await site.Services.GetRequiredService<CollectionStore>().CreateAsync(userId, "Reading", isPublic: false);

        // No signals yet: the page says how to start, and ranks by upvotes.
        var page = await ForYouAsync(client);
        var start = page.QuerySelector(".for-you-start");
        Assert.NotNull(start);
        Assert.NotNull(start.QuerySelector("a[href='/settings/library']"));
        Assert.All(Cards(page), c => Assert.Equal("Popular with readers", c.Reason));

        // Save the croissant paper with the card's own save form: the glacier paper is still far, the croissant
        // paper itself is "in your papers", and nothing else claims to be like it.
        var card = page.QuerySelectorAll("ol.for-you-list article.card").Single(a => a.QuerySelector($"a[href='/papers/{Pastry.ArxivId}']") is not null);
        var saveForm = card.QuerySelector("form.collect-form")!;
        var save = saveForm.QuerySelectorAll("input[name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        Assert.Equal("/for-you", save["returnUrl"]);
        var saved = await client.PostAsync(saveForm.GetAttribute("action"), new FormUrlEncodedContent(save));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/for-you", saved.Headers.Location?.OriginalString);
        page = await ForYouAsync(client);
        Assert.Null(page.QuerySelector(".for-you-start"));
        Assert.Equal("In your papers", Cards(page).Single(c => c.Id == Pastry.ArxivId).Reason);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_whose_only_signal_is_a_digest_topic_sees_its_papers_first_with_that_topic(string provider)
    {
        await using var site = await StartAsync(provider);
        var client = site.Client();
        await site.SignInAsync(client, "di@example.org");
        var userId = await AccountIdAsync(site, "di@example.org");
        var choice = new SubscriptionChoice(DigestFrequency.Weekly, ["glacier", "cat:quant-ph"], ForYou: true);
        await site.Services.GetRequiredService<SubscriptionStore>().RequestAsync("di@example.org", choice, userId, "token-hash-di");

        var page = await ForYouAsync(client);
        Assert.Null(page.QuerySelector(".for-you-start"));
        var cards = Cards(page);
        Assert.Equal([Satellite.ArxivId, Glaciers.ArxivId], cards.Take(2).Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.Equal("Matches your topic glacier", cards.Single(c => c.Id == Glaciers.ArxivId).Reason);
        Assert.Equal("Matches your topic cat:quant-ph", cards.Single(c => c.Id == Satellite.ArxivId).Reason);
        Assert.All(cards.Skip(2), c => Assert.Equal("Popular with readers", c.Reason));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Anonymous_readers_are_sent_to_sign_in_and_forged_or_bad_marks_are_refused(string provider)
    {
        await using var site = await StartAsync(provider);
        var anonymous = site.Client();
        var redirect = await anonymous.GetAsync("/for-you");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.EndsWith("/signin?returnUrl=%2Ffor-you", redirect.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Null((await AccountsSite.ParseAsync(await anonymous.GetAsync("/"))).QuerySelector("nav.site-nav a[href='/for-you']"));

        var client = site.Client();
        await site.SignInAsync(client, "cy@example.org");
        var page = await ForYouAsync(client);
        Assert.NotNull(page.QuerySelector("nav.site-nav a[href='/for-you']"));
        var form = AccountsSite.FormFields(page, "form.not-interested-form");

        // Without the antiforgery token nothing is marked.
        var forged = new Dictionary<string, string>(form);
        forged.Remove("__RequestVerificationToken");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"/for-you/not-interested/{Pastry.ArxivId}", new FormUrlEncodedContent(forged))).StatusCode);
        Assert.Empty(await site.Services.GetRequiredService<NotInterestedStore>().ForReaderAsync(await AccountIdAsync(site, "cy@example.org")));

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/for-you/not-interested/2612.99999", new FormUrlEncodedContent(form))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/for-you/not-interested/not-an-id", new FormUrlEncodedContent(form))).StatusCode);
        form.Remove("marked");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"/for-you/not-interested/{Pastry.ArxivId}", new FormUrlEncodedContent(form))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/for-you?p=-1")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task New_papers_in_the_for_you_order_put_the_readers_kind_of_paper_first_on_the_page_and_in_the_api(string provider)
    {
        // One announcement day holding the satellite, attention-heads and pastry papers; arXiv's and the community's
        // order (no votes) put the satellite first; a reader who saved the transformer paper gets the attention heads.
        await using var site = await StartAsync(provider);
        var store = site.Services.GetRequiredService<PaperStore>();
        foreach (var paper in new[] { Satellite, Heads, Pastry })
        {
            await store.UpsertAsync(paper with { AnnouncedOn = DateOnly.FromDateTime(ThisWeek) });
        }
        const string Day = "/new?cat=quant-ph&cat=cs.CL&cat=physics.chem-ph";
        var client = site.Client();
        await site.SignInAsync(client, "ada@example.org");
        var start = await AccountsSite.ParseAsync(await client.GetAsync(Day + "&sort=for-you"));
        Assert.Contains("import your library", start.QuerySelector(".for-you-fallback")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Satellite.ArxivId, NewCards(start)[0]);

        await SaveAsync(site, "ada@example.org", SearchTestPapers.Transformers);

        var page = await AccountsSite.ParseAsync(await client.GetAsync(Day + "&sort=for-you"));
        Assert.Null(page.QuerySelector(".for-you-fallback"));
        Assert.Equal([Satellite.ArxivId, Heads.ArxivId, Pastry.ArxivId], NewCards(page).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(Heads.ArxivId, NewCards(page)[0]);
        Assert.Equal(Satellite.ArxivId, NewCards(await AccountsSite.ParseAsync(await client.GetAsync(Day)))[0]);

        var (token, _) = await site.Services.GetRequiredService<ApiTokenStore>().CreateAsync(await AccountIdAsync(site, "ada@example.org"), "script");
        using var api = site.Client();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var response = await api.GetAsync("/api/papers/new?cat=quant-ph,cs.CL,physics.chem-ph&sort=for-you");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("for-you", response.Headers.GetValues("X-DailyPapers-Sort").Single());
        var items = await response.Content.ReadFromJsonAsync<List<System.Text.Json.JsonElement>>();
        Assert.Equal(Heads.ArxivId, items![0].GetProperty("paper").GetProperty("id").GetString());
    }

    private static List<string> NewCards(IHtmlDocument page) =>
        page.QuerySelectorAll("article.card h3 a").Select(a => a.GetAttribute("href")!["/papers/".Length..]).ToList();

    private static async Task<AccountsSite> StartAsync(string provider)
    {
        var site = await AccountsSite.StartAsync(provider);
        var papers = site.Services.GetRequiredService<PaperStore>();
        foreach (var p in SearchTestPapers.All.Concat(NewPapers))
        {
            await papers.UpsertAsync(p);
        }
        await site.Services.GetRequiredService<EmbeddingJob>().RunAsync(CancellationToken.None);
        // The vector index in step with the database: the ranking's space depends on how many vectors it holds.
        await site.Services.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);
        return site;
    }

    private static async Task SaveAsync(AccountsSite site, string email, params Paper[] papers)
    {
        var userId = await AccountIdAsync(site, email);
        var collections = site.Services.GetRequiredService<CollectionStore>();
        var id = (await collections.CreateAsync(userId, "To read", isPublic: false))!.Value;
        foreach (var p in papers)
        {
            await collections.SetAsync(id, userId, p.ArxivId, present: true);
        }
    }

    private static async Task<long> AccountIdAsync(AccountsSite site, string email) =>
        (await site.Services.GetRequiredService<AccountStore>().FindByEmailAsync(email))!.Id;

    private static async Task<IHtmlDocument> ForYouAsync(HttpClient client)
    {
        var response = await client.GetAsync("/for-you");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await AccountsSite.ParseAsync(response);
    }

    private static List<(string Id, string Reason)> Cards(IHtmlDocument page) =>
        page.QuerySelectorAll("ol.for-you-list article.card")
            .Select(a => (a.QuerySelector("h3.card-title a")!.GetAttribute("href")!["/papers/".Length..], a.QuerySelector(".card-reason")?.TextContent ?? ""))
            .ToList();
}
