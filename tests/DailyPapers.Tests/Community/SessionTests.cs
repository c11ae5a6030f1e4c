using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using DailyPapers.Community.Accounts;
using DailyPapers.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>Sessions end for real: a cookie copied before sign-out, a ban or "Sign out everywhere" no longer works.</summary>
public sealed class SessionTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_cookie_copied_before_sign_out_no_longer_works(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var browser = site.Client();
        var copied = SessionCookie(await site.SignInAsync(browser, "copied@example.org"));
        Assert.Equal(HttpStatusCode.OK, (await WithCookieAsync(site, copied, "/settings")).StatusCode);

        var signOut = await AccountsSite.GetFormAsync(browser, "/", "form.signout-form");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/signout", new FormUrlEncodedContent(signOut))).StatusCode);

        var replayed = await WithCookieAsync(site, copied, "/settings");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("/signin", replayed.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        // Signing in again works as before.
        await site.SignInAsync(browser, "copied@example.org");
        Assert.Equal("copied", await AccountsSite.SignedInHandleAsync(browser));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sign_out_everywhere_ends_every_session_of_the_account_and_no_one_elses(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var laptop = site.Client();
        var phone = site.Client();
        var someoneElse = site.Client();
        await site.SignInAsync(laptop, "many@example.org");
        await site.SignInAsync(phone, "many@example.org");
        await site.SignInAsync(someoneElse, "other@example.org");
        Assert.Equal("many", await AccountsSite.SignedInHandleAsync(phone));

        var settings = await AccountsSite.ParseAsync(await laptop.GetAsync("/settings"));
        var form = settings.QuerySelector("form.signout-everywhere-form");
        Assert.NotNull(form);
        var done = await laptop.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(AccountsSite.FormFields(settings, "form.signout-everywhere-form")));

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Null(await AccountsSite.SignedInHandleAsync(laptop));
        Assert.Null(await AccountsSite.SignedInHandleAsync(phone));
        Assert.Equal("other", await AccountsSite.SignedInHandleAsync(someoneElse));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_ban_ends_the_readers_sessions_and_the_reader_may_sign_in_again_to_read(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var browser = site.Client();
        var copied = SessionCookie(await site.SignInAsync(browser, "banned@example.org"));
        var accounts = site.Services.GetRequiredService<AccountStore>();

        await accounts.SetBannedAsync((await accounts.FindByEmailAsync("banned@example.org"))!.Id, "spam");

        Assert.Null(await AccountsSite.SignedInHandleAsync(browser));
        Assert.Equal(HttpStatusCode.Redirect, (await WithCookieAsync(site, copied, "/settings")).StatusCode);
        await site.SignInAsync(browser, "banned@example.org");
        Assert.Contains("Your account is banned", await browser.GetStringAsync("/settings"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_session_from_before_session_stamps_works_until_the_account_signs_out(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var (account, _) = await accounts.GetOrCreateByEmailAsync("early@example.org");
        // A cookie as the version before stamps wrote it: the account's claims and no stamp.
        var claims = AccountClaims.Principal(account, AccountSchemes.Cookie).Claims.Where(c => c.Type != AccountClaims.SessionStamp);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, AccountSchemes.Cookie)), AccountSchemes.Cookie);
        var format = site.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(AccountSchemes.Cookie).TicketDataFormat;
        var cookie = "dp_session=" + format.Protect(ticket);

        Assert.Equal(HttpStatusCode.OK, (await WithCookieAsync(site, cookie, "/settings")).StatusCode);
        await accounts.EndSessionsAsync(account.Id);
        Assert.Equal(HttpStatusCode.Redirect, (await WithCookieAsync(site, cookie, "/settings")).StatusCode);
    }

    /// <summary>The "dp_session=…" pair the sign-in answer set, as an attacker who copied it would hold it.</summary>
    internal static string SessionCookie(HttpResponseMessage signedIn) =>
        signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dp_session=", StringComparison.Ordinal)).Split(';')[0];

    /// <summary>A GET from a fresh client that sends only this cookie.</summary>
    internal static async Task<HttpResponseMessage> WithCookieAsync(AccountsSite site, string cookie, string path)
    {
        using var client = site.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
