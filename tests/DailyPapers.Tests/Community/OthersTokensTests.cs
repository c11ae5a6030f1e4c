using System.Net;
using System.Net.Http.Headers;
using DailyPapers.Community.Accounts;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>A reader's API tokens are theirs alone: nobody else lists or revokes them through the settings pages.</summary>
public sealed class OthersTokensTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Another_reader_can_neither_see_nor_revoke_a_token(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var owner = site.Client();
        await site.SignInAsync(owner, "owner@example.org");
        var form = await AccountsSite.GetFormAsync(owner, "/settings/tokens", "form.account-form");
        form["name"] = "owner's script";
        var token = (await AccountsSite.ParseAsync(await owner.PostAsync("/settings/tokens", new FormUrlEncodedContent(form)))).QuerySelector("code.new-token")!.TextContent;
        var ownerAccount = (await site.Services.GetRequiredService<AccountStore>().FindByEmailAsync("owner@example.org"))!;
        var tokenId = Assert.Single(await site.Services.GetRequiredService<ApiTokenStore>().ListAsync(ownerAccount.Id)).Id;

        var intruder = site.Client();
        await site.SignInAsync(intruder, "intruder@example.org");
        var page = await intruder.GetStringAsync("/settings/tokens");
        Assert.DoesNotContain("owner's script", page, StringComparison.Ordinal);
        Assert.DoesNotContain(token[..10], page, StringComparison.Ordinal);
        // The intruder's own antiforgery token, the owner's token number.
        var fields = await AccountsSite.GetFormAsync(intruder, "/settings/tokens", "form.account-form");
        fields.Remove("name");
        await intruder.PostAsync($"/settings/tokens/{tokenId}/revoke", new FormUrlEncodedContent(fields));

        Assert.Single(await site.Services.GetRequiredService<ApiTokenStore>().ListAsync(ownerAccount.Id));
        using var api = site.App.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/whoami-v2")).StatusCode);
    }
}
