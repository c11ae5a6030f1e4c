using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Claims;
using DailyPapers.Papers;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Web;

/// <summary>
/// What huggingface_hub and scripts written for huggingface.co read from our JSON (issue 14): each test reads the
/// keys, their presence, their types and the status codes the way the client does (hf_api.py's PaperInfo,
/// PaperAuthor, User, whoami; utils/_http.py's hf_raise_for_status).
/// </summary>
public sealed class HfApiCompatibilityTests
{
    private const string Id = "2401.00091";

    /// <summary>A site with one paper on today's list, submitted by an account that has an API token.</summary>
    private static async Task<(AccountsSite Site, Account Submitter, HttpClient Api)> StartAsync(string provider, Paper? paper = null)
    {
        var site = await AccountsSite.StartAsync(provider);
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var (submitter, _) = await accounts.GetOrCreateByEmailAsync("marco@example.org");
        await site.PutOnTodaysListAsync(submitter.Id, site.Clock.GetUtcNow().UtcDateTime, paper ?? PaperStoreTests.Sample(Id));
        var (token, _) = await site.Services.GetRequiredService<ApiTokenStore>().CreateAsync(submitter.Id, "laptop");
        var api = site.Client();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (site, submitter, api);
    }

    private static async Task<JsonNode> JsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {response.StatusCode}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Whoami_has_orgs_the_token_and_the_24_hex_id_that_every_id_and_the_claim_API_use(string provider)
    {
        var (site, submitter, api) = await StartAsync(provider);
        await using var _ = site;

        var me = await JsonAsync(api, "/api/whoami-v2");

        // cli/auth.py: ",".join(org["name"] for org in info["orgs"]); _login.py: auth.accessToken.displayName / role.
        Assert.Equal(JsonValueKind.Array, me["orgs"]!.GetValueKind());
        Assert.Equal("laptop", (string?)me["auth"]!["accessToken"]!["displayName"]);
        Assert.Equal("write", (string?)me["auth"]!["accessToken"]!["role"]);
        Assert.Equal("access_token", (string?)me["auth"]!["type"]);
        Assert.Equal("marco", (string?)me["name"]);
        var id = (string)me["id"]!;
        Assert.Matches("^[0-9a-f]{24}$", id);
        var item = (await JsonAsync(api, "/api/daily_papers")).AsArray()[0]!;
        Assert.Equal(id, (string?)item["submittedBy"]!["_id"]);
        Assert.Equal(id, (string?)item["paper"]!["submittedOnDailyBy"]!["_id"]);

        // A claim sent with whoami's own id is the token's own account.
        var authorId = (string?)item["paper"]!["authors"]![1]!["_id"];
        var claim = await api.PostAsJsonAsync("/api/settings/papers/claim", new { paperId = Id, claimAuthorId = authorId, targetUserId = id });
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);

        await site.Services.GetRequiredService<AccountStore>().SetBannedAsync(submitter.Id, "spam");
        Assert.Equal("read", (string?)(await JsonAsync(api, "/api/whoami-v2"))["auth"]!["accessToken"]!["role"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Paper_info_has_the_linked_lists_and_counts_and_leaves_out_what_is_unknown(string provider)
    {
        var paper = PaperStoreTests.Sample(Id) with
        {
            Abstract = "A method.\n  Code is available at https://github.com/sony/mf-rae.",
            Comments = "Project page: https://sony.github.io/mf-rae/",
        };
        var (site, _, api) = await StartAsync(provider, paper);
        await using var _ = site;
        var anonymous = site.Client();

        var info = await JsonAsync(anonymous, $"/api/papers/{Id}");

        foreach (var list in new[] { "linkedModels", "linkedDatasets", "linkedSpaces" })
        {
            Assert.Empty(info[list]!.AsArray()); // len(info.linked_models) works
        }
        foreach (var count in new[] { "numTotalModels", "numTotalDatasets", "numTotalSpaces", "numComments" })
        {
            Assert.Equal(0, (int)info[count]!);
        }
        Assert.Equal("https://github.com/sony/mf-rae", (string?)info["githubRepo"]);
        Assert.Equal("https://sony.github.io/mf-rae/", (string?)info["projectPage"]);
        Assert.False(info.AsObject().ContainsKey("githubStars")); // never read from GitHub yet
        Assert.False(info.AsObject().ContainsKey("organization"));
        Assert.False(info.AsObject().ContainsKey("ai_summary"));
        Assert.Equal(JsonValueKind.Number, info["upvotes"]!.GetValueKind());

        // The search and the daily list carry the same links, and nothing there is null.
        var listed = (await JsonAsync(anonymous, "/api/daily_papers")).AsArray()[0]!;
        Assert.Equal("https://github.com/sony/mf-rae", (string?)listed["paper"]!["githubRepo"]);
        AssertNoNulls(listed, "$");
        AssertNoNulls(info, "$");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Keys_without_a_value_are_left_out_never_null(string provider)
    {
        var (site, _, _) = await StartAsync(provider);
        await using var _ = site;
        await site.Services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests.Sample("2401.00092", title: "A grokking paper on no list"));
        var client = site.Client();

        var unlisted = (await SearchAsync(client, "grokking", "2401.00092")).Single(i => (string?)i!["paper"]!["id"] == "2401.00092")!;
        var info = await JsonAsync(client, "/api/papers/2401.00092");

        // Scripts do item.get("submittedBy", {}).get("name"): a null there crashed them.
        Assert.False(unlisted.AsObject().ContainsKey("submittedBy"));
        Assert.False(unlisted["paper"]!.AsObject().ContainsKey("submittedOnDailyAt"));
        Assert.False(unlisted["paper"]!.AsObject().ContainsKey("submittedOnDailyBy"));
        Assert.False(unlisted["paper"]!.AsObject().ContainsKey("githubRepo"));
        AssertNoNulls(unlisted, "$");
        AssertNoNulls(info, "$");
        AssertNoNulls(await JsonAsync(client, "/api/daily_papers"), "$");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_api_error_carries_its_message_in_error_and_x_error_message_besides_problem_details(string provider)
    {
        var (site, _, api) = await StartAsync(provider);
        await using var _ = site;
        var anonymous = site.Client();
        var authorId = (string?)(await JsonAsync(api, $"/api/papers/{Id}"))["authors"]![0]!["_id"];
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/settings/papers/claim", new { paperId = Id, claimAuthorId = authorId })).StatusCode);
        using var badToken = new HttpRequestMessage(HttpMethod.Get, "/api/whoami-v2");
        badToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "dpt_not_a_token");
        using var html = new HttpRequestMessage(HttpMethod.Get, "/api/papers/not-a-paper");
        html.Headers.Accept.ParseAdd("text/html");

        var cases = new (HttpResponseMessage Response, HttpStatusCode Status, string Says)[]
        {
            (await anonymous.GetAsync("/api/daily_papers?date=2025-13-01"), HttpStatusCode.BadRequest, "yyyy-MM-dd"),
            (await anonymous.GetAsync("/api/papers/2501.99999"), HttpStatusCode.NotFound, "not in the catalogue"),
            (await anonymous.SendAsync(html), HttpStatusCode.NotFound, "is not an arXiv id"),
            (await anonymous.GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound, "no API endpoint"),
            (await anonymous.GetAsync("/api/whoami-v2"), HttpStatusCode.Unauthorized, "API token"),
            (await anonymous.SendAsync(badToken), HttpStatusCode.Unauthorized, "Invalid credentials"),
            (await api.PostAsJsonAsync("/api/settings/papers/claim", new { paperId = Id, claimAuthorId = authorId }), HttpStatusCode.Conflict, "claimed this author already"),
            (await api.PostAsJsonAsync("/api/settings/papers/claim", new { paperId = Id, claimAuthorId = authorId, targetUserId = "0123456789abcdef01234567" }), HttpStatusCode.Forbidden, "own account"),
        };

        foreach (var (response, status, says) in cases)
        {
            var where = $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery}";
            Assert.True(status == response.StatusCode, $"{where}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var error = (string?)body["error"];
            Assert.True(error?.Contains(says, StringComparison.Ordinal) == true, $"{where}: error is {error}");
            Assert.Equal(error, response.Headers.GetValues("X-Error-Message").Single());
            Assert.Equal((int)status, (int)body["status"]!);
            Assert.NotNull((string?)body["title"]);
            Assert.NotNull((string?)body["type"]);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_without_a_query_lists_the_latest_papers(string provider)
    {
        var (site, submitter, _) = await StartAsync(provider);
        await using var _ = site;
        await site.PutOnTodaysListAsync(submitter.Id, site.Clock.GetUtcNow().UtcDateTime.AddMinutes(5), PaperStoreTests.Sample("2401.00093"));
        var client = site.Client();

        var latest = (await JsonAsync(client, "/api/papers/search")).AsArray();
        var one = (await JsonAsync(client, "/api/papers/search?limit=1&q=")).AsArray();

        Assert.Equal(["2401.00093", Id], latest.Select(i => (string?)i!["paper"]!["id"]));
        Assert.Equal("2401.00093", (string?)Assert.Single(one)!["paper"]!["id"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Approved_claims_show_as_the_authors_user_status_and_time(string provider)
    {
        var (site, submitter, api) = await StartAsync(provider);
        await using var _ = site;
        var claims = site.Services.GetRequiredService<ClaimStore>();
        var (moderator, _) = await site.Services.GetRequiredService<AccountStore>().GetOrCreateByEmailAsync("mod@example.org");
        await claims.ClaimAsync(Id, 1, submitter.Id);
        await claims.ClaimAsync(Id, 2, moderator.Id); // pending: stays an unclaimed author
        var pending = (await claims.PendingAsync(0)).Claims;
        Assert.True(await claims.DecideAsync(pending.Single(c => c.AuthorPosition == 1).Id, approve: true, moderator.Id));
        var client = site.Client();
        var myId = (string)(await JsonAsync(api, "/api/whoami-v2"))["id"]!;

        foreach (var authors in new[]
        {
            (await JsonAsync(client, "/api/daily_papers")).AsArray()[0]!["paper"]!["authors"]!.AsArray(),
            (await JsonAsync(client, $"/api/papers/{Id}"))["authors"]!.AsArray(),
            (await SearchAsync(client, "grokking", Id))[0]!["paper"]!["authors"]!.AsArray(),
        })
        {
            var verified = authors[1]!;
            Assert.Equal("claimed_verified", (string?)verified["status"]);
            Assert.Equal("marco", (string?)verified["user"]!["user"]);
            Assert.Equal(myId, (string?)verified["user"]!["_id"]);
            Assert.True(DateTime.TryParse((string?)verified["statusLastChangedAt"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var changedAt) && changedAt.Kind == DateTimeKind.Utc);
            foreach (var other in new[] { authors[0]!, authors[2]! })
            {
                Assert.False(other.AsObject().ContainsKey("user"));
                Assert.False(other.AsObject().ContainsKey("status"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Public_reads_may_be_fetched_from_any_origin_without_credentials_but_nothing_else(string provider)
    {
        var (site, _, _) = await StartAsync(provider);
        await using var _ = site;
        var client = site.Client();

        async Task<HttpResponseMessage> From(HttpMethod method, string path, string? preflightMethod = null)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add("Origin", "https://reader.example");
            if (preflightMethod is not null)
            {
                request.Headers.Add("Access-Control-Request-Method", preflightMethod);
            }
            return await client.SendAsync(request);
        }

        foreach (var path in new[] { "/api/daily_papers", $"/api/papers/{Id}", "/api/papers/search?q=grokking", "/api/daily_papers?date=nope" })
        {
            var response = await From(HttpMethod.Get, path);
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"), path);
        }
        Assert.Contains("X-Error-Message", (await From(HttpMethod.Get, "/api/daily_papers?date=nope")).Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
        // Writes and the token's own account are not for other origins.
        Assert.False((await From(HttpMethod.Options, "/api/papers/index", "POST")).Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False((await From(HttpMethod.Options, "/api/settings/papers/claim", "POST")).Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False((await From(HttpMethod.Get, "/api/whoami-v2")).Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False((await From(HttpMethod.Get, "/")).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Titles_and_abstracts_with_the_snapshots_line_breaks_are_normalised_in_the_api_and_the_page(string provider)
    {
        // As the Kaggle snapshot has them: hard line breaks and indented continuation lines.
        var paper = PaperStoreTests.Sample(Id) with
        {
            Title = "Operator-valued free probability with\n  amalgamation",
            Abstract = "  We study free probability with\namalgamation over a   subalgebra.\n  A second paragraph starts here\nand goes on.\n",
        };
        var (site, _, _) = await StartAsync(provider, paper);
        await using var _ = site;
        var client = site.Client();

        var info = await JsonAsync(client, $"/api/papers/{Id}");
        var item = (await JsonAsync(client, "/api/daily_papers")).AsArray()[0]!;
        var page = await AccountsSite.ParseAsync(await client.GetAsync($"/papers/{Id}"));

        const string Title = "Operator-valued free probability with amalgamation";
        const string Summary = "We study free probability with amalgamation over a subalgebra.\n\nA second paragraph starts here and goes on.";
        Assert.Equal((Title, Summary), ((string?)info["title"], (string?)info["summary"]));
        Assert.Equal((Title, Summary), ((string?)item["title"], (string?)item["summary"]));
        Assert.Equal((Title, Summary), ((string?)item["paper"]!["title"], (string?)item["paper"]!["summary"]));
        Assert.Equal(Title, page.QuerySelector("h1#paper-title")!.TextContent);
        Assert.Equal(["We study free probability with amalgamation over a subalgebra.", "A second paragraph starts here and goes on."],
            page.QuerySelectorAll(".paper-abstract p").Select(p => p.TextContent));
    }

    /// <summary>The search API's items once this node's index holds <paramref name="id"/> (it follows the database within a poll).</summary>
    private static async Task<JsonArray> SearchAsync(HttpClient client, string q, string id)
    {
        for (var attempt = 0; ; attempt++)
        {
            var items = (await JsonAsync(client, "/api/papers/search?q=" + Uri.EscapeDataString(q))).AsArray();
            if (items.Any(i => (string?)i!["paper"]!["id"] == id) || attempt == 100)
            {
                return items;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>No value anywhere in the document is JSON null.</summary>
    internal static void AssertNoNulls(JsonNode? node, string path)
    {
        Assert.True(node is not null, $"{path} is null");
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    AssertNoNulls(value, $"{path}.{key}");
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    AssertNoNulls(a[i], $"{path}[{i}]");
                }
                break;
        }
    }
}
