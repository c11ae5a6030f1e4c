using System.Net;
using DailyPapers.Community.Accounts;
using DailyPapers.Tests.Cli;
using DailyPapers.Tests.Support;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>Roles and bans: what the policies allow, that changes apply on the next request, the users verbs, several nodes.</summary>
public sealed class RolesTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Roles_and_bans_drive_the_policies_and_apply_on_the_next_request(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var client = site.Client();
        await site.SignInAsync(client, "mod@example.org");
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var id = (await accounts.FindByEmailAsync("mod@example.org"))!.Id;

        Assert.Equal([AccountPolicies.SignedIn, AccountPolicies.Participate], await AllowedAsync(site, id));
        await accounts.SetRoleAsync(id, UserRole.Moderator);
        Assert.Equal([AccountPolicies.SignedIn, AccountPolicies.Participate, AccountPolicies.Moderate], await AllowedAsync(site, id));
        await accounts.SetRoleAsync(id, UserRole.Admin);
        Assert.Equal([AccountPolicies.SignedIn, AccountPolicies.Participate, AccountPolicies.Moderate, AccountPolicies.Admin], await AllowedAsync(site, id));
        Assert.Contains("Admin", await client.GetStringAsync("/settings"), StringComparison.Ordinal);

        // A ban stops staff too: a banned admin keeps only what any signed-in reader has.
        await accounts.SetBannedAsync(id, "posting spam");
        Assert.Equal([AccountPolicies.SignedIn], await AllowedAsync(site, id));
        await site.SignInAsync(client, "mod@example.org"); // the ban ended the session
        var settings = await client.GetStringAsync("/settings");
        Assert.Contains("banned", settings, StringComparison.Ordinal);
        Assert.Contains("posting spam", settings, StringComparison.Ordinal);

        await accounts.SetBannedAsync(id, null);
        Assert.Contains(AccountPolicies.Participate, await AllowedAsync(site, id));
        Assert.DoesNotContain("banned", await client.GetStringAsync("/settings"), StringComparison.Ordinal);
    }

    /// <summary>The policies the account's principal (as rebuilt on each request) satisfies, in a fixed order.</summary>
    private static async Task<List<string>> AllowedAsync(AccountsSite site, long id)
    {
        var account = await site.Services.GetRequiredService<AccountStore>().FindByIdAsync(id);
        var user = AccountClaims.Principal(account!, AccountSchemes.Cookie);
        var authorization = site.Services.GetRequiredService<IAuthorizationService>();
        var allowed = new List<string>();
        foreach (var policy in new[] { AccountPolicies.SignedIn, AccountPolicies.Participate, AccountPolicies.Moderate, AccountPolicies.Admin })
        {
            if ((await authorization.AuthorizeAsync(user, policy)).Succeeded)
            {
                allowed.Add(policy);
            }
        }
        var apiUser = AccountClaims.Principal(account!, AccountSchemes.ApiToken);
        Assert.Equal(allowed.Contains(AccountPolicies.Participate), (await authorization.AuthorizeAsync(apiUser, AccountPolicies.ApiWrite)).Succeeded);
        return allowed;
    }

    [Fact]
    public async Task The_users_verbs_grant_roles_ban_and_list_accounts()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false);

        var admin = await MigrateVerbTests.RunAsync(db.Settings, "users", "grant-admin", "Ops.Lead@Example.org");
        var moderator = await MigrateVerbTests.RunAsync(db.Settings, "users", "grant-moderator", "ops.lead@example.org");
        var ban = await MigrateVerbTests.RunAsync(db.Settings, "users", "ban", "ops.lead@example.org", "--reason", "testing bans");
        var list = await MigrateVerbTests.RunAsync(db.Settings, "users", "list");
        var notAnAddress = await MigrateVerbTests.RunAsync(db.Settings, "users", "grant-admin", "ops-lead");
        var nobody = await MigrateVerbTests.RunAsync(db.Settings, "users", "unban", "nobody@example.org");

        Assert.True(admin.Exit == 0, admin.Err);
        Assert.Contains("Made an account @ops-lead for Ops.Lead@Example.org", admin.Out, StringComparison.Ordinal);
        Assert.Contains("is now admin", admin.Out, StringComparison.Ordinal);
        Assert.Equal(0, moderator.Exit);
        Assert.Contains("already admin", moderator.Out, StringComparison.Ordinal);
        Assert.Equal(0, ban.Exit);
        Assert.Equal(0, list.Exit);
        Assert.Contains("admin", list.Out, StringComparison.Ordinal);
        Assert.Contains("@ops-lead", list.Out, StringComparison.Ordinal);
        Assert.Contains("banned: testing bans", list.Out, StringComparison.Ordinal);
        Assert.Equal(2, notAnAddress.Exit);
        Assert.Equal(1, nobody.Exit);
        Assert.Contains("no account", nobody.Err, StringComparison.Ordinal);
        await using var connection = await db.Database.OpenAsync();
        Assert.Equal("admin", await connection.ExecuteScalarAsync<string>("SELECT role FROM users WHERE lower(email) = 'ops.lead@example.org'"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_sign_in_on_one_node_holds_on_another_node_of_the_same_database(string provider)
    {
        await using var nodeA = await AccountsSite.StartAsync(provider);
        await using var nodeB = await nodeA.StartSecondNodeAsync();

        var signedIn = await nodeA.SignInAsync(nodeA.Client(), "nodes@example.org");
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dp_session=", StringComparison.Ordinal)).Split(';')[0];
        var onB = nodeB.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/settings");
        request.Headers.Add("Cookie", cookie);
        var response = await onB.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("nodes@example.org", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
