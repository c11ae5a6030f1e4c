using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using DailyPapers.Community.Accounts;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>API tokens: made and revoked in settings, shown once, stored hashed, accepted as Bearer.</summary>
public sealed class ApiTokenTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_is_shown_once_stored_hashed_authenticates_API_calls_until_revoked(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var browser = site.Client();
        await site.SignInAsync(browser, "script@example.org");

        var form = await AccountsSite.GetFormAsync(browser, "/settings/tokens", "form.account-form");
        form["name"] = "submit script";
        var created = await browser.PostAsync("/settings/tokens", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var token = (await AccountsSite.ParseAsync(created)).QuerySelector("code.new-token")!.TextContent;
        Assert.StartsWith(SecretTokens.ApiTokenPrefix, token, StringComparison.Ordinal);

        // Listed later by name and first characters only.
        var list = await browser.GetStringAsync("/settings/tokens");
        Assert.Contains("submit script", list, StringComparison.Ordinal);
        Assert.Contains(token[..10], list, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list, StringComparison.Ordinal);
        await using (var connection = await site.Db.Database.OpenAsync())
        {
            var stored = (await connection.QueryAsync<string>("SELECT token_hash FROM api_tokens")).Single();
            Assert.Equal(SecretTokens.Hash(token), stored);
        }

        var api = site.App.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await api.GetFromJsonAsync<WhoAmIResponse>("/api/whoami-v2");
        Assert.Equal("script", me!.Name);
        Assert.Equal("user", me.Type);

        var listPage = await AccountsSite.ParseAsync(await browser.GetAsync("/settings/tokens"));
        var revokeAction = listPage.QuerySelector("table.token-table form")!.GetAttribute("action")!;
        var revoked = await browser.PostAsync(revokeAction, new FormUrlEncodedContent(AccountsSite.FormFields(listPage, "table.token-table form")));
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Contains("You have no tokens", await browser.GetStringAsync("/settings/tokens"), StringComparison.Ordinal);
        var after = await api.GetAsync("/api/whoami-v2");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("invalid_token", after.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_name_with_a_control_character_is_refused_with_the_reason(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var browser = site.Client();
        await site.SignInAsync(browser, "nul@example.org");
        var form = await AccountsSite.GetFormAsync(browser, "/settings/tokens", "form.account-form");
        form["name"] = "script\0";

        var refused = await browser.PostAsync("/settings/tokens", AccountsSite.Multipart(form));

        Assert.Contains("contains a control character", await AccountsSite.RefusalAsync(refused), StringComparison.Ordinal);
        Assert.Contains("You have no tokens", await browser.GetStringAsync("/settings/tokens"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_opens_the_API_only_never_a_page_or_a_form(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var (admin, _) = await accounts.GetOrCreateByEmailAsync("boss@example.org");
        await accounts.SetRoleAsync(admin.Id, UserRole.Admin);
        var (token, _) = await site.Services.GetRequiredService<ApiTokenStore>().CreateAsync(admin.Id, "script");
        var tokenOnly = site.Client();
        tokenOnly.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Assert.Equal(HttpStatusCode.OK, (await tokenOnly.GetAsync("/api/whoami-v2")).StatusCode);
        foreach (var page in new[] { "/settings", "/settings/tokens", "/moderation", "/moderation/log", "/collections", "/submit" })
        {
            var response = await tokenOnly.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {page} with a token only: {response.StatusCode}");
            Assert.StartsWith("/signin?returnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        // Pages do not even show the token's account as signed in.
        Assert.Null(await AccountsSite.SignedInHandleAsync(tokenOnly));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_made_to_expire_gets_401_afterwards_and_is_listed_as_expired(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var browser = site.Client();
        await site.SignInAsync(browser, "expiry@example.org");
        var page = await AccountsSite.ParseAsync(await browser.GetAsync("/settings/tokens"));
        Assert.Equal("90", page.QuerySelector("select[name=expiresInDays] option[selected]")!.GetAttribute("value"));
        var form = AccountsSite.FormFields(page, "form.account-form");
        form["name"] = "monthly job";
        form["expiresInDays"] = "30";
        var token = (await AccountsSite.ParseAsync(await browser.PostAsync("/settings/tokens", new FormUrlEncodedContent(form)))).QuerySelector("code.new-token")!.TextContent;
        form["expiresInDays"] = "7";
        Assert.Contains("Choose when the token expires", await AccountsSite.RefusalAsync(await browser.PostAsync("/settings/tokens", new FormUrlEncodedContent(form))), StringComparison.Ordinal);
        var api = site.Client();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/whoami-v2")).StatusCode);
        var expires = DateOnly.FromDateTime(site.Clock.GetUtcNow().UtcDateTime.AddDays(30)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expires, (await AccountsSite.ParseAsync(await browser.GetAsync("/settings/tokens"))).QuerySelector("table.token-table tbody td:nth-child(5)")!.TextContent);

        // Visit in between, so the (sliding, 30-day) session outlives the token.
        site.Clock.Advance(TimeSpan.FromDays(20));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/settings/tokens")).StatusCode);
        site.Clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));

        var refused = await api.GetAsync("/api/whoami-v2");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var cell = (await AccountsSite.ParseAsync(await browser.GetAsync("/settings/tokens"))).QuerySelector("table.token-table tbody td.token-expired");
        Assert.NotNull(cell);
        Assert.Equal($"expired {expires}", cell.TextContent);
    }

    [Fact]
    public async Task API_calls_without_a_good_token_get_401_and_never_a_redirect()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite");
        var api = site.Client();

        var none = await api.GetAsync("/api/whoami-v2");
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/api/whoami-v2");
        bad.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecretTokens.Create(SecretTokens.ApiTokenPrefix));
        var wrong = await api.SendAsync(bad);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        // A cookie session does not count for the API: it would need antiforgery there.
        var browser = site.Client();
        await site.SignInAsync(browser, "cookie@example.org");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/whoami-v2")).StatusCode);
    }
}
