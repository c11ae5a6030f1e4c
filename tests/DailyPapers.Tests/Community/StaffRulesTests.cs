using System.Net;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Claims;
using DailyPapers.Papers;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>What staff may do to whom: a ban stops staff too, bans go only down the roles, nobody decides their own claim.</summary>
public sealed class StaffRulesTests
{
    private const string Id = "2401.00071";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_banned_admin_cannot_moderate_or_lift_their_own_ban(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var admin = site.Client();
        await site.SignInAsync(admin, "boss@example.org");
        var adminId = (await accounts.FindByEmailAsync("boss@example.org"))!.Id;
        await accounts.SetRoleAsync(adminId, UserRole.Admin);
        var (reader, _) = await accounts.GetOrCreateByEmailAsync("reader@example.org");

        await accounts.SetBannedAsync(adminId, "compromised");
        admin = site.Client();
        await site.SignInAsync(admin, "boss@example.org");

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/moderation")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/moderation/log")).StatusCode);
        var token = await TokenAsync(admin, "/settings", "form.account-form");
        Assert.Equal(HttpStatusCode.Forbidden, (await BanAsync(admin, token, reader.Handle, ban: true)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await BanAsync(admin, token, "boss", ban: false)).StatusCode);
        Assert.False((await accounts.FindByIdAsync(reader.Id))!.IsBanned);
        Assert.True((await accounts.FindByIdAsync(adminId))!.IsBanned);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Staff_ban_only_readers_below_their_role_and_never_themselves(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var moderator = await site.SignedInAsync("mona@example.org", UserRole.Moderator);
        var admin = await site.SignedInAsync("boss@example.org", UserRole.Admin);
        var (otherMod, _) = await accounts.GetOrCreateByEmailAsync("mila@example.org");
        await accounts.SetRoleAsync(otherMod.Id, UserRole.Moderator);
        var (otherAdmin, _) = await accounts.GetOrCreateByEmailAsync("bea@example.org");
        await accounts.SetRoleAsync(otherAdmin.Id, UserRole.Admin);
        var (reader, _) = await accounts.GetOrCreateByEmailAsync("reader@example.org");
        var modToken = await TokenAsync(moderator, "/moderation", "form.delete-comment-form");
        var adminToken = await TokenAsync(admin, "/moderation", "form.delete-comment-form");

        foreach (var target in new[] { "boss", "mila", "mona" })
        {
            var refused = await BanAsync(moderator, modToken, target, ban: true);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"a moderator banning @{target}: {refused.StatusCode}");
        }
        foreach (var target in new[] { "bea", "boss" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await BanAsync(admin, adminToken, target, ban: true)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Redirect, (await BanAsync(moderator, modToken, reader.Handle, ban: true)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await BanAsync(admin, adminToken, "mila", ban: true)).StatusCode);

        Assert.Equal(new[] { reader.Id, otherMod.Id }.Order(), (await accounts.ListAsync()).Where(a => a.IsBanned).Select(a => a.Id).Order());
        // Only the two bans that happened are in the audit log.
        var log = await AccountsSite.ParseAsync(await admin.GetAsync("/moderation/log"));
        Assert.Equal(2, log.QuerySelectorAll("table.audit-log tbody tr").Length);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Nobody_decides_their_own_authorship_claim(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        await site.Services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests.Sample(Id));
        var moderator = await site.SignedInAsync("mona@example.org", UserRole.Moderator);
        var admin = await site.SignedInAsync("boss@example.org", UserRole.Admin);
        var claim = await AccountsSite.GetFormAsync(moderator, $"/papers/{Id}", "form.claim-form");
        claim["position"] = "0";
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsync($"/claims/{Id}", new FormUrlEncodedContent(claim))).StatusCode);
        var claims = site.Services.GetRequiredService<ClaimStore>();
        var pending = Assert.Single((await claims.PendingAsync(0)).Claims);

        // The claimant's own desk shows the claim without buttons; a POST made by hand is still refused.
        var ownDesk = await AccountsSite.ParseAsync(await moderator.GetAsync("/moderation"));
        var ownItem = ownDesk.QuerySelector($"#claim-{pending.Id}")!;
        Assert.Null(ownItem.QuerySelector("form.claim-decision"));
        Assert.Empty(ownItem.QuerySelectorAll("button"));
        Assert.Contains("Your own claim: another moderator decides.", ownItem.TextContent, StringComparison.Ordinal);
        var own = await moderator.PostAsync($"/moderation/claims/{pending.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await TokenAsync(moderator, "/moderation", "form.delete-comment-form"), ["decision"] = "approve",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Single((await claims.PendingAsync(0)).Claims);
        Assert.False(await claims.DecideAsync(pending.Id, approve: true, moderatorId: pending.UserId));
        Assert.Single((await claims.PendingAsync(0)).Claims);

        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(admin, pending.Id, "approve")).StatusCode);
        Assert.Empty((await claims.PendingAsync(0)).Claims);
        Assert.Single(await claims.ApprovedForUserAsync(pending.UserId));
    }

    private static async Task<string> TokenAsync(HttpClient client, string path, string formSelector) =>
        (await AccountsSite.GetFormAsync(client, path, formSelector))["__RequestVerificationToken"];

    private static Task<HttpResponseMessage> BanAsync(HttpClient client, string token, string handle, bool ban) =>
        client.PostAsync("/moderation/bans", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["handle"] = handle, ["ban"] = ban ? "true" : "false", ["reason"] = "testing",
        }));

    private static async Task<HttpResponseMessage> DecideAsync(HttpClient client, long claimId, string decision)
    {
        var desk = await AccountsSite.ParseAsync(await client.GetAsync("/moderation"));
        var fields = AccountsSite.FormFields(desk, $"#claim-{claimId} form.claim-decision");
        fields["decision"] = decision;
        return await client.PostAsync($"/moderation/claims/{claimId}", new FormUrlEncodedContent(fields));
    }
}
