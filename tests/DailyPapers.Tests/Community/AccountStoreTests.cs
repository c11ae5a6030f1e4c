using DailyPapers.Community.Accounts;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>The account, sign-in token and API token stores on both databases.</summary>
public sealed class AccountStoreTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_first_sign_ins_of_one_address_make_one_account_and_handles_stay_unique(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var store = services.GetRequiredService<AccountStore>();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.GetOrCreateByEmailAsync("jane.doe@example.org"))));
        var sameLocalPart = await store.GetOrCreateByEmailAsync("jane.doe@example.com");
        var differentCase = await store.GetOrCreateByEmailAsync("Jane.Doe@EXAMPLE.org");

        Assert.Single(results.Select(r => r.Account.Id).Distinct());
        Assert.Single(results, r => r.Created);
        Assert.Equal("jane-doe", results[0].Account.Handle);
        Assert.Equal("jane-doe", results[0].Account.DisplayName);
        Assert.Equal(UserRole.Reader, results[0].Account.Role);
        Assert.Equal("jane-doe-2", sameLocalPart.Account.Handle);
        Assert.False(differentCase.Created);
        Assert.Equal(results[0].Account.Id, differentCase.Account.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Profiles_roles_and_bans_round_trip_and_taken_handles_are_reported(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var store = services.GetRequiredService<AccountStore>();
        var (a, _) = await store.GetOrCreateByEmailAsync("a@example.org");
        var (b, _) = await store.GetOrCreateByEmailAsync("b@example.org");

        Assert.Equal(ProfileChange.Saved, await store.UpdateProfileAsync(a.Id, "Alpha", "Alpha Person"));
        Assert.Equal(ProfileChange.HandleTaken, await store.UpdateProfileAsync(b.Id, "ALPHA", "Beta"));
        Assert.Equal(ProfileChange.NoSuchAccount, await store.UpdateProfileAsync(999_999, "gamma", "Gamma"));
        Assert.True(await store.SetRoleAsync(b.Id, UserRole.Moderator));
        Assert.True(await store.SetBannedAsync(a.Id, "spam"));

        var alpha = await store.FindByHandleAsync("alpha");
        Assert.Equal(("Alpha", "Alpha Person", true, "spam"), (alpha!.Handle, alpha.DisplayName, alpha.IsBanned, alpha.BannedReason));
        Assert.Equal(UserRole.Moderator, (await store.FindByIdAsync(b.Id))!.Role);
        Assert.Equal([b.Id, a.Id], (await store.ListAsync()).Select(x => x.Id));
        Assert.True(await store.SetBannedAsync(a.Id, null));
        Assert.False((await store.FindByIdAsync(a.Id))!.IsBanned);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_sign_in_token_is_consumed_exactly_once_under_concurrency(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var tokens = services.GetRequiredService<SignInTokenStore>();
        var now = DateTime.UtcNow;
        var hash = SecretTokens.Hash(SecretTokens.Create());
        await tokens.AddAsync(hash, "once@example.org", "/papers", now, now.AddMinutes(15));

        var uses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => tokens.ConsumeAsync(hash, now.AddMinutes(1)))));

        var winner = Assert.Single(uses, u => u is not null);
        Assert.Equal(("once@example.org", "/papers"), (winner!.Email, winner.ReturnUrl));
        Assert.NotNull((await tokens.FindAsync(hash))!.UsedAt);
        var late = SecretTokens.Hash(SecretTokens.Create());
        await tokens.AddAsync(late, "late@example.org", null, now, now.AddMinutes(15));
        Assert.Null(await tokens.ConsumeAsync(late, now.AddMinutes(15)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_tokens_authenticate_until_revoked_and_only_their_owner_revokes_them(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var accounts = services.GetRequiredService<AccountStore>();
        var tokens = services.GetRequiredService<ApiTokenStore>();
        var (owner, _) = await accounts.GetOrCreateByEmailAsync("owner@example.org");
        var (other, _) = await accounts.GetOrCreateByEmailAsync("other@example.org");

        var (token, info) = await tokens.CreateAsync(owner.Id, "ci");
        Assert.Equal(owner.Id, (await tokens.AuthenticateAsync(token))?.Account.Id);
        Assert.NotNull((await tokens.ListAsync(owner.Id)).Single().LastUsedAt);
        Assert.Null(await tokens.AuthenticateAsync(token + "x"));
        Assert.False(await tokens.RevokeAsync(other.Id, info.Id));
        Assert.True(await tokens.RevokeAsync(owner.Id, info.Id));

        Assert.Null(await tokens.AuthenticateAsync(token));
        Assert.Empty(await tokens.ListAsync(owner.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_api_token_with_an_expiry_stops_working_then_and_is_listed_as_expired(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var clock = new MovableClock();
        await using var services = db.Services(clock);
        var tokens = services.GetRequiredService<ApiTokenStore>();
        var (owner, _) = await services.GetRequiredService<AccountStore>().GetOrCreateByEmailAsync("owner@example.org");
        var (expiring, _) = await tokens.CreateAsync(owner.Id, "a month", TimeSpan.FromDays(30));
        var (lasting, _) = await tokens.CreateAsync(owner.Id, "until revoked");

        clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        Assert.Equal(owner.Id, (await tokens.AuthenticateAsync(expiring))?.Account.Id);
        Assert.DoesNotContain(await tokens.ListAsync(owner.Id), t => t.Expired);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await tokens.AuthenticateAsync(expiring));
        Assert.Equal(owner.Id, (await tokens.AuthenticateAsync(lasting))?.Account.Id);
        var list = await tokens.ListAsync(owner.Id);
        var month = list.Single(t => t.Name == "a month");
        Assert.True(month.Expired);
        Assert.InRange(month.ExpiresAt!.Value, month.CreatedAt.AddDays(30).AddSeconds(-1), month.CreatedAt.AddDays(30).AddSeconds(1));
        Assert.Equal((false, null), (list.Single(t => t.Name == "until revoked").Expired, list.Single(t => t.Name == "until revoked").ExpiresAt));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ending_sessions_and_banning_move_the_session_stamp_and_lifting_a_ban_does_not(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var store = services.GetRequiredService<AccountStore>();
        var (account, _) = await store.GetOrCreateByEmailAsync("stamp@example.org");
        Assert.Equal("", account.SessionStamp);

        Assert.True(await store.EndSessionsAsync(account.Id));
        var afterSignOut = (await store.FindByIdAsync(account.Id))!.SessionStamp;
        Assert.True(await store.SetBannedAsync(account.Id, "spam"));
        var afterBan = (await store.FindByIdAsync(account.Id))!.SessionStamp;
        Assert.True(await store.SetBannedAsync(account.Id, null));
        var afterUnban = (await store.FindByIdAsync(account.Id))!.SessionStamp;

        Assert.NotEqual("", afterSignOut);
        Assert.NotEqual(afterSignOut, afterBan);
        Assert.Equal(afterBan, afterUnban);
        Assert.False(await store.EndSessionsAsync(999_999));
    }
}
