using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Claims;
using DailyPapers.Feed;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>The "Code" section of a paper page: found links, the form for the submitter and verified authors, stars.</summary>
public sealed class LinkFormTests
{
    private const string Id = "2401.00095";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_submitter_corrects_the_links_and_pages_cards_and_the_api_follow(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var submitter = site.Client();
        await site.SignInAsync(submitter, "sub@example.org");
        var submitterId = (await site.Services.GetRequiredService<AccountStore>().FindByEmailAsync("sub@example.org"))!.Id;
        await site.PutOnTodaysListAsync(submitterId, site.Clock.GetUtcNow().UtcDateTime, PaperStoreTests.Sample(Id) with { Abstract = "Code: https://github.com/wrong/repo." });

        var before = await AccountsSite.ParseAsync(await submitter.GetAsync($"/papers/{Id}"));
        Assert.Equal("https://github.com/wrong/repo", before.QuerySelector("#code a.github-repo")!.GetAttribute("href"));
        Assert.Equal("stars not read yet", before.QuerySelector("#code .stars-read")!.TextContent);
        var form = AccountsSite.FormFields(before, "form.links-form");
        Assert.Equal("https://github.com/wrong/repo", form["githubRepo"]);

        form["githubRepo"] = "https://github.com/right/repo";
        form["projectPage"] = "https://right.github.io/repo/";
        var saved = await submitter.PostAsync($"/links/{Id}", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/papers/{Id}#code", saved.Headers.Location!.OriginalString);
        var anonymous = site.Client();
        var page = await AccountsSite.ParseAsync(await anonymous.GetAsync($"/papers/{Id}"));
        Assert.Equal("https://github.com/right/repo", page.QuerySelector("#code a.github-repo")!.GetAttribute("href"));
        Assert.Equal("https://right.github.io/repo/", page.QuerySelector("#code a.project-page")!.GetAttribute("href"));
        Assert.Null(page.QuerySelector("form.links-form")); // signed out: no form
        var list = await AccountsSite.ParseAsync(await anonymous.GetAsync(ListPeriod.Day(DateOnly.FromDateTime(site.Clock.GetUtcNow().UtcDateTime)).Path));
        Assert.Equal("https://github.com/right/repo", list.QuerySelector("article.card .card-code a.github-repo")!.GetAttribute("href"));
        var json = JsonNode.Parse(await anonymous.GetStringAsync($"/api/papers/{Id}"))!;
        Assert.Equal(("https://github.com/right/repo", "https://right.github.io/repo/"), ((string?)json["githubRepo"], (string?)json["projectPage"]));

        // Stars once the job has read them: on the page with the day they were read, in the API as a number.
        await using (var connection = await site.Db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO github_repos (repo, stars, status, read_at, next_read_at) VALUES ('right/repo', 1234, 'ok', @at, @at)",
                new { at = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc) });
        }
        page = await AccountsSite.ParseAsync(await anonymous.GetAsync($"/papers/{Id}"));
        Assert.Equal("★ 1,234", page.QuerySelector("#code .stars")!.TextContent);
        Assert.Equal("stars read on Mar 4, 2026", page.QuerySelector("#code .stars-read")!.TextContent);
        Assert.Equal(1234, (int)JsonNode.Parse(await anonymous.GetStringAsync($"/api/papers/{Id}"))!["githubStars"]!);

        // Emptied, a link is gone for good: the text's link does not come back.
        form["githubRepo"] = "";
        await submitter.PostAsync($"/links/{Id}", new FormUrlEncodedContent(form));
        Assert.False(JsonNode.Parse(await anonymous.GetStringAsync($"/api/papers/{Id}"))!.AsObject().ContainsKey("githubRepo"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_https_and_github_owner_repo_are_taken_and_only_from_the_submitter_or_a_verified_author(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var submitter = site.Client();
        await site.SignInAsync(submitter, "sub@example.org");
        await site.PutOnTodaysListAsync((await accounts.FindByEmailAsync("sub@example.org"))!.Id, site.Clock.GetUtcNow().UtcDateTime, PaperStoreTests.Sample(Id));
        var form = await AccountsSite.GetFormAsync(submitter, $"/papers/{Id}", "form.links-form");

        foreach (var (repo, page, says) in new[]
        {
            ("http://github.com/a/b", "", "https://github.com/owner/repo"),
            ("https://gitlab.com/a/b", "", "https://github.com/owner/repo"),
            ("https://github.com/a/b/tree/main", "", "https://github.com/owner/repo"),
            ("", "http://example.org/", "https://"),
            ("", "javascript:alert(1)", "https://"),
        })
        {
            form["githubRepo"] = repo;
            form["projectPage"] = page;
            var refused = await submitter.PostAsync($"/links/{Id}", new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(says, (await AccountsSite.ParseAsync(refused)).QuerySelector(".account-panel p")!.TextContent, StringComparison.Ordinal);
        }
        Assert.Null(await site.Services.GetRequiredService<DailyPapers.Papers.Links.LinkedCodeStore>().GetAsync(Id));

        // Without the antiforgery token: refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await submitter.PostAsync($"/links/{Id}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["githubRepo"] = "https://github.com/a/b" }))).StatusCode);

        // Another reader sees no form and is refused; once a moderator approves their authorship, they may.
        var author = site.Client();
        await site.SignInAsync(author, "author@example.org");
        Assert.Null((await AccountsSite.ParseAsync(await author.GetAsync($"/papers/{Id}"))).QuerySelector("form.links-form"));
        var claim = await AccountsSite.GetFormAsync(author, $"/papers/{Id}", "form.claim-form");
        form = AccountsSite.FormFields(await AccountsSite.ParseAsync(await author.GetAsync($"/papers/{Id}")), "form.claim-form");
        form["githubRepo"] = "https://github.com/author/repo";
        Assert.Equal(HttpStatusCode.Forbidden, (await author.PostAsync($"/links/{Id}", new FormUrlEncodedContent(form))).StatusCode);
        claim["position"] = "0";
        await author.PostAsync($"/claims/{Id}", new FormUrlEncodedContent(claim));
        var (moderator, _) = await accounts.GetOrCreateByEmailAsync("mod@example.org");
        var claims = site.Services.GetRequiredService<ClaimStore>();
        Assert.True(await claims.DecideAsync((await claims.PendingAsync(0)).Claims.Single().Id, approve: true, moderator.Id));

        var authorForm = await AccountsSite.GetFormAsync(author, $"/papers/{Id}", "form.links-form");
        authorForm["githubRepo"] = "https://github.com/author/repo";
        Assert.Equal(HttpStatusCode.Redirect, (await author.PostAsync($"/links/{Id}", new FormUrlEncodedContent(authorForm))).StatusCode);
        Assert.Equal("author/repo", (await site.Services.GetRequiredService<DailyPapers.Papers.Links.LinkedCodeStore>().GetAsync(Id))!.GithubRepo);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Trending_ranks_by_github_stars_on_request(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        await site.PutOnTodaysListAsync(
            PaperStoreTests.Sample("2401.00101", title: "Few stars") with { Abstract = "Code: https://github.com/a/few", Upvotes = 9 },
            PaperStoreTests.Sample("2401.00102", title: "No code") with { Upvotes = 5 },
            PaperStoreTests.Sample("2401.00103", title: "Many stars") with { Abstract = "Code: https://github.com/b/many", Upvotes = 1 });
        await using (var connection = await site.Db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO github_repos (repo, stars, status, read_at, next_read_at) VALUES ('a/few', 3, 'ok', @at, @at), ('b/many', 900, 'ok', @at, @at)",
                new { at = site.Clock.GetUtcNow().UtcDateTime });
        }
        var client = site.Client();

        static async Task<List<string>> Order(HttpClient c, string path) =>
            (await AccountsSite.ParseAsync(await c.GetAsync(path))).QuerySelectorAll("ol.trending-list h3 a").Select(a => a.GetAttribute("href")!).ToList();

        Assert.Equal(["/papers/2401.00101", "/papers/2401.00102", "/papers/2401.00103"], await Order(client, "/trending"));
        Assert.Equal(["/papers/2401.00103", "/papers/2401.00101", "/papers/2401.00102"], await Order(client, "/trending?sort=stars"));
    }
}
