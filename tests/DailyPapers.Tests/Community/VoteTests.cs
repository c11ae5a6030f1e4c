using System.Net;
using System.Net.Http.Json;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Votes;
using DailyPapers.Papers;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>Upvotes: exact counts under concurrency, the form (with and without JavaScript), bans and rate limits.</summary>
public sealed class VoteTests
{
    private const string Id = "2401.00001";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_hundred_concurrent_votes_count_exactly_and_repeats_change_nothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var papers = services.GetRequiredService<PaperStore>();
        await papers.UpsertAsync(PaperStoreTests.Sample(Id) with { Upvotes = 5 });
        var accounts = services.GetRequiredService<AccountStore>();
        var users = new List<long>();
        for (var i = 0; i < 200; i++)
        {
            users.Add((await accounts.GetOrCreateByEmailAsync($"reader{i}@example.org")).Account.Id);
        }
        var votes = services.GetRequiredService<VoteStore>();

        // Every reader votes twice at once (a double click), all readers at the same time.
        await Task.WhenAll(users.Concat(users).Select(u => Task.Run(() => votes.SetAsync(u, Id, up: true))));
        Assert.Equal(200, await votes.CountAsync(Id));
        Assert.Equal(205, (await papers.GetAsync(Id))!.Upvotes);

        // Half of them take their vote back, each twice at once.
        var half = users.Take(100).ToList();
        await Task.WhenAll(half.Concat(half).Select(u => Task.Run(() => votes.SetAsync(u, Id, up: false))));
        Assert.Equal(100, await votes.CountAsync(Id));
        Assert.Equal(105, (await papers.GetAsync(Id))!.Upvotes);

        // Toggling twice leaves nothing of the vote.
        var toggler = users[0];
        Assert.Equal(new VoteState(106, true), await votes.SetAsync(toggler, Id, up: true));
        Assert.Equal(new VoteState(105, false), await votes.SetAsync(toggler, Id, up: false));
        Assert.DoesNotContain(Id, await votes.AllVotedAsync(toggler));
        Assert.Contains(Id, await votes.AllVotedAsync(users[150]));
        Assert.Null(await votes.SetAsync(toggler, "2401.99999", up: true));

        var history = await votes.HistoryAsync(Id, 105);
        Assert.Equal(5, history.Before);
        Assert.Equal(105, history.Days[^1].Upvotes);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_vote_form_votes_once_per_reader_redirects_back_and_answers_JSON_to_scripts(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        await site.Services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests.Sample(Id));
        var anonymous = site.Client();
        var before = await AccountsSite.ParseAsync(await anonymous.GetAsync($"/papers/{Id}"));
        Assert.Null(before.QuerySelector("form.vote-form"));
        Assert.Equal($"/signin?returnUrl=%2Fpapers%2F{Id}", before.QuerySelector("a.vote-signin")!.GetAttribute("href"));
        Assert.Null(before.QuerySelector("svg.vote-chart"));
        var anonymousPost = await anonymous.PostAsync($"/vote/{Id}", new FormUrlEncodedContent(new Dictionary<string, string> { ["vote"] = "up" }));
        Assert.Equal(HttpStatusCode.Redirect, anonymousPost.StatusCode);
        Assert.StartsWith("/signin", anonymousPost.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var client = site.Client();
        await site.SignInAsync(client, "voter@example.org");
        var page = await AccountsSite.ParseAsync(await client.GetAsync($"/papers/{Id}"));
        Assert.Equal("false", page.QuerySelector("form.vote-form button")!.GetAttribute("aria-pressed"));
        Assert.Equal($"/vote/{Id}", page.QuerySelector("form.vote-form")!.GetAttribute("action"));
        var form = AccountsSite.FormFields(page, "form.vote-form");
        Assert.Equal("up", form["vote"]);

        // A double click: two identical POSTs, one vote; each goes back to the page.
        foreach (var _ in new[] { 1, 2 })
        {
            var posted = await client.PostAsync($"/vote/{Id}", new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.Equal($"/papers/{Id}", posted.Headers.Location!.OriginalString);
        }
        var voted = await AccountsSite.ParseAsync(await client.GetAsync($"/papers/{Id}"));
        Assert.Equal("true", voted.QuerySelector("form.vote-form button")!.GetAttribute("aria-pressed"));
        Assert.Equal("1", voted.QuerySelector("form.vote-form .vote-count")!.TextContent);
        Assert.Equal("remove", AccountsSite.FormFields(voted, "form.vote-form")["vote"]);
        Assert.NotNull(voted.QuerySelector("svg.vote-chart circle.vote-chart-point"));
        // The anonymous cached page moved on too (votes bump the content version).
        var after = await AccountsSite.ParseAsync(await anonymous.GetAsync($"/papers/{Id}"));
        Assert.Equal("1", after.QuerySelector("a.vote-signin .vote-count")!.TextContent);

        // What site.js sends: the same form, asking for JSON.
        var remove = new HttpRequestMessage(HttpMethod.Post, $"/vote/{Id}") { Content = new FormUrlEncodedContent(AccountsSite.FormFields(voted, "form.vote-form")) };
        remove.Headers.Accept.ParseAdd("application/json");
        var json = await client.SendAsync(remove);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(new VoteState(0, false), await json.Content.ReadFromJsonAsync<VoteState>());

        // Without the antiforgery token nothing happens.
        var forged = await client.PostAsync($"/vote/{Id}", new FormUrlEncodedContent(new Dictionary<string, string> { ["vote"] = "up" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, (await site.Services.GetRequiredService<PaperStore>().GetAsync(Id))!.Upvotes);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ten_identical_vote_requests_at_once_count_one_vote_and_ten_removals_take_it_back_once(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var papers = site.Services.GetRequiredService<PaperStore>();
        await papers.UpsertAsync(PaperStoreTests.Sample(Id) with { Upvotes = 7 });
        var client = site.Client();
        await site.SignInAsync(client, "clicker@example.org");
        var form = AccountsSite.FormFields(await AccountsSite.ParseAsync(await client.GetAsync($"/papers/{Id}")), "form.vote-form");

        async Task<HttpStatusCode[]> TenAtOnceAsync(string vote) => await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/vote/{Id}") { Content = new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["vote"] = vote }) };
            request.Headers.Accept.ParseAdd("application/json");
            return (await client.SendAsync(request)).StatusCode;
        }));

        Assert.All(await TenAtOnceAsync("up"), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(8, (await papers.GetAsync(Id))!.Upvotes);
        Assert.Equal(1, await site.Services.GetRequiredService<VoteStore>().CountAsync(Id));
        Assert.All(await TenAtOnceAsync("remove"), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(7, (await papers.GetAsync(Id))!.Upvotes);
        Assert.Equal(0, await site.Services.GetRequiredService<VoteStore>().CountAsync(Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_banned_reader_cannot_vote_and_votes_are_rate_limited_with_429_and_Retry_After(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?>
        {
            ["RateLimits:Votes:PermitLimit"] = "3",
            ["RateLimits:Votes:Window"] = "00:05:00",
        });
        var papers = site.Services.GetRequiredService<PaperStore>();
        await papers.UpsertAsync(PaperStoreTests.Sample(Id));
        var accounts = site.Services.GetRequiredService<AccountStore>();

        var banned = site.Client();
        await site.SignInAsync(banned, "spammer@example.org");
        var form = AccountsSite.FormFields(await AccountsSite.ParseAsync(await banned.GetAsync($"/papers/{Id}")), "form.vote-form");
        await accounts.SetBannedAsync((await accounts.FindByEmailAsync("spammer@example.org"))!.Id, "vote rings");
        await site.SignInAsync(banned, "spammer@example.org"); // the ban ended the session; a banned reader may still sign in to read
        var refused = await banned.PostAsync($"/vote/{Id}", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(0, (await papers.GetAsync(Id))!.Upvotes);

        var eager = site.Client();
        await site.SignInAsync(eager, "eager@example.org");
        form = AccountsSite.FormFields(await AccountsSite.ParseAsync(await eager.GetAsync($"/papers/{Id}")), "form.vote-form");
        for (var i = 0; i < 3; i++)
        {
            form["vote"] = i % 2 == 0 ? "up" : "remove";
            Assert.Equal(HttpStatusCode.Redirect, (await eager.PostAsync($"/vote/{Id}", new FormUrlEncodedContent(form))).StatusCode);
        }
        var limited = await eager.PostAsync($"/vote/{Id}", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(1, (await papers.GetAsync(Id))!.Upvotes);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cards_on_a_daily_list_show_the_count_and_the_readers_own_vote(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var today = await site.PutOnTodaysListAsync(
            PaperStoreTests.Sample(Id) with { Upvotes = 7 }, PaperStoreTests.Sample("2401.00002", title: "Another paper") with { Upvotes = 2 });
        var client = site.Client();
        await site.SignInAsync(client, "reader@example.org");
        var path = $"/papers/date/{today:yyyy-MM-dd}";
        var form = AccountsSite.FormFields(await AccountsSite.ParseAsync(await client.GetAsync(path)), $"form.vote-form[action='/vote/{Id}']");
        Assert.Equal(path, form["returnUrl"]);
        var posted = await client.PostAsync($"/vote/{Id}", new FormUrlEncodedContent(form));
        Assert.Equal(path, posted.Headers.Location!.OriginalString);

        var list = await AccountsSite.ParseAsync(await client.GetAsync(path));
        var mine = list.QuerySelector($"form.vote-form[action='/vote/{Id}']")!;
        var other = list.QuerySelector("form.vote-form[action='/vote/2401.00002']")!;
        Assert.Equal(("8", "true"), (mine.QuerySelector(".vote-count")!.TextContent, mine.QuerySelector("button")!.GetAttribute("aria-pressed")));
        Assert.Equal(("2", "false"), (other.QuerySelector(".vote-count")!.TextContent, other.QuerySelector("button")!.GetAttribute("aria-pressed")));
    }
}
