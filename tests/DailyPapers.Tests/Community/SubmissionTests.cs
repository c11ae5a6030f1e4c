using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Submissions;
using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Tests.Ingest.Arxiv;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>Submitting papers to today's list: the form, the arXiv fetch, the 14-day window, duplicates and the API.</summary>
public sealed class SubmissionTests
{
    private static Task<(AccountsSite Site, ArxivReplayServer Arxiv)> StartAsync(string provider, Dictionary<string, string?>? settings = null) =>
        AccountsSite.StartWithArxivAsync(provider, settings);

    private static FormUrlEncodedContent Form(Dictionary<string, string> form, string arxivId)
    {
        form["arxivId"] = arxivId;
        return new FormUrlEncodedContent(form);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_submits_by_URL_and_a_second_submission_links_to_the_entry(string provider)
    {
        // The fixture papers are from 2016-2017: widen the window so one of them can be submitted today.
        var (site, arxiv) = await StartAsync(provider, new() { ["Community:SubmissionWindowDays"] = "10000" });
        await using var _ = site;
        await using var __ = arxiv;
        var client = site.Client();
        await site.SignInAsync(client, "submitter@example.org");
        var form = await AccountsSite.GetFormAsync(client, "/submit", "form.submit-form");

        var malformed = await client.PostAsync("/submit", Form(form, "not an id"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Empty(arxiv.Requests);

        var added = await client.PostAsync("/submit", Form(form, "https://arxiv.org/abs/1605.08386v1"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("/papers/1605.08386", added.Headers.Location!.OriginalString);
        Assert.Single(arxiv.Requests);
        var today = DateOnly.FromDateTime(site.Clock.GetUtcNow().UtcDateTime);
        var entry = await site.Services.GetRequiredService<DailyListStore>().GetAsync("1605.08386");
        Assert.Equal(today, entry!.ListDate);
        Assert.Equal("submitter", entry.SubmittedBy!.Handle);

        var list = await AccountsSite.ParseAsync(await client.GetAsync($"/papers/date/{today:yyyy-MM-dd}"));
        Assert.Contains("Heat-bath random walks", list.QuerySelector("article.card .card-title")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/users/submitter", list.QuerySelector("article.card .submitter a")!.GetAttribute("href"));

        var again = await client.PostAsync("/submit", Form(form, "1605.08386"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("/papers/1605.08386", (await AccountsSite.ParseAsync(again)).QuerySelector("a.existing-entry")!.GetAttribute("href"));
        Assert.Single(arxiv.Requests);
        Assert.Equal(1, await site.Services.GetRequiredService<DailyListStore>().CountAsync(ListPeriod.Day(today)));

        // Without the antiforgery token nothing is submitted.
        var forged = await client.PostAsync("/submit", new FormUrlEncodedContent(new Dictionary<string, string> { ["arxivId"] = "1707.08567" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(await site.Services.GetRequiredService<DailyListStore>().GetAsync("1707.08567"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Papers_older_than_the_window_and_unknown_ids_are_refused(string provider)
    {
        var (site, arxiv) = await StartAsync(provider);
        await using var _ = site;
        await using var __ = arxiv;
        var client = site.Client();
        await site.SignInAsync(client, "late@example.org");
        var form = await AccountsSite.GetFormAsync(client, "/submit", "form.submit-form");

        var old = await client.PostAsync("/submit", Form(form, "1707.08567"));
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        Assert.Contains("within 14 days", (await AccountsSite.ParseAsync(old)).QuerySelector(".form-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await site.Services.GetRequiredService<DailyListStore>().GetAsync("1707.08567"));

        var unknown = await client.PostAsync("/submit", Form(form, "0808.05394"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var anonymous = await site.Client().GetAsync("/submit");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Simultaneous_submissions_of_one_paper_make_one_entry(string provider)
    {
        var (site, arxiv) = await StartAsync(provider);
        await using var _ = site;
        await using var __ = arxiv;
        var now = site.Clock.GetUtcNow().UtcDateTime;
        await site.Services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests.Sample("2401.00003") with { PublishedAt = now.AddDays(-2) });
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var users = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            users.Add((await accounts.GetOrCreateByEmailAsync($"s{i}@example.org")).Account.Id);
        }
        var service = site.Services.GetRequiredService<SubmissionService>();
        var results = await Task.WhenAll(users.Select(u => Task.Run(() => service.SubmitAsync("2401.00003", u))));
        Assert.Single(results, r => r.Outcome == SubmissionOutcome.Added);
        Assert.Equal(7, results.Count(r => r.Outcome == SubmissionOutcome.AlreadyListed && r.Entry?.Paper.ArxivId == "2401.00003"));
        Assert.Equal(1, await site.Services.GetRequiredService<DailyListStore>().CountAsync(ListPeriod.Day(DateOnly.FromDateTime(now))));
        Assert.Empty(arxiv.Requests);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_index_API_takes_a_Bearer_token_and_answers_like_Hugging_Face(string provider)
    {
        var (site, arxiv) = await StartAsync(provider, new()
        {
            ["Community:SubmissionWindowDays"] = "10000",
            ["RateLimits:Submissions:PermitLimit"] = "4",
            ["RateLimits:Submissions:Window"] = "00:05:00",
        });
        await using var _ = site;
        await using var __ = arxiv;
        var account = (await site.Services.GetRequiredService<AccountStore>().GetOrCreateByEmailAsync("bot@example.org")).Account;
        var (token, _) = await site.Services.GetRequiredService<ApiTokenStore>().CreateAsync(account.Id, "script");
        var api = site.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.PostAsJsonAsync("/api/papers/index", new { arxivId = "1605.08386" })).StatusCode);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var ok = await api.PostAsJsonAsync("/api/papers/index", new { arxivId = "1605.08386" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using (var json = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()))
        {
            Assert.Equal("1605.08386", json.RootElement.GetProperty("paper").GetProperty("id").GetString());
            Assert.Equal(account.Handle, json.RootElement.GetProperty("submittedBy").GetProperty("name").GetString());
        }

        var duplicate = await api.PostAsJsonAsync("/api/papers/index", new { arxivId = "1605.08386" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("application/problem+json", duplicate.Content.Headers.ContentType!.MediaType);
        var malformed = await api.PostAsJsonAsync("/api/papers/index", new { arxivId = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync("/api/papers/index", new { arxivId = "0808.05394" })).StatusCode);

        var limited = await api.PostAsJsonAsync("/api/papers/index", new { arxivId = "1707.08567" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);
    }
}
