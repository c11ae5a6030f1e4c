using System.Net;
using Dapper;
using DailyPapers.Community.Accounts;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>Sign-in by mail link, end to end: the real form, a real SMTP receiver, the real link, cookies.</summary>
public sealed class SignInTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_signs_in_with_the_link_from_the_mail_and_signs_out(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var client = site.Client();
        const string email = "ada.lovelace@example.org";
        Assert.Null(await AccountsSite.SignedInHandleAsync(client));

        var requested = await AccountsSite.RequestLinkAsync(client, email);
        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        Assert.Contains("Check your mail", await requested.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await site.Services.GetRequiredService<AccountStore>().FindByEmailAsync(email));

        // The real message: from Mail:From, to the address, the same link in its text and HTML parts.
        var mail = await site.Mail.WaitForAsync(m => m.To == email);
        Assert.Equal("DailyPapers", mail.Message.From.Mailboxes.Single().Name);
        Assert.Contains("sign-in link", mail.Message.Subject, StringComparison.OrdinalIgnoreCase);
        var link = await site.LinkFromMailAsync(email);
        Assert.Contains(WebUtility.HtmlEncode(link), mail.Message.HtmlBody, StringComparison.Ordinal);

        // Opening the link (as a mail scanner would) only shows a button; it does not use the token up.
        var confirmPage = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, confirmPage.StatusCode);
        Assert.True(confirmPage.Headers.CacheControl?.NoStore);
        var confirm = AccountsSite.FormFields(await AccountsSite.ParseAsync(confirmPage), "form.account-form");
        Assert.Contains($"Sign in as {email}", (await AccountsSite.ParseAsync(await client.GetAsync(link))).QuerySelector("main form.account-form button")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await AccountsSite.SignedInHandleAsync(client));

        var signedIn = await client.PostAsync("/signin/link", new FormUrlEncodedContent(confirm));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/settings?welcome=true", signedIn.Headers.Location!.OriginalString);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dp_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie.Replace("samesite", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);

        // Signed in: the account exists now, the header links to the profile, settings open.
        var account = await site.Services.GetRequiredService<AccountStore>().FindByEmailAsync(email);
        Assert.NotNull(account);
        Assert.Equal("ada-lovelace", account.Handle);
        Assert.Equal(account.Handle, await AccountsSite.SignedInHandleAsync(client));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/settings")).StatusCode);
        var home = await client.GetAsync("/");
        Assert.DoesNotContain("unsafe-inline", string.Join(";", home.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("DENY", home.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(home.Headers.CacheControl?.Private == true || home.Headers.CacheControl?.NoStore == true, "a signed-in page is not for shared caches");

        // Sign out with the header's form.
        var signOut = await AccountsSite.GetFormAsync(client, "/", "form.signout-form");
        var signedOut = await client.PostAsync("/signout", new FormUrlEncodedContent(signOut));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Null(await AccountsSite.SignedInHandleAsync(client));
        var settings = await client.GetAsync("/settings");
        Assert.Equal(HttpStatusCode.Redirect, settings.StatusCode);
        Assert.StartsWith("/signin?returnUrl=%2Fsettings", settings.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        // The link worked once.
        var again = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("already used", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var replay = await client.PostAsync("/signin/link", new FormUrlEncodedContent(confirm));
        Assert.Equal(HttpStatusCode.Gone, replay.StatusCode);
        Assert.Null(await AccountsSite.SignedInHandleAsync(client));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_link_older_than_15_minutes_is_refused_with_a_clear_page(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var client = site.Client();
        await AccountsSite.RequestLinkAsync(client, "late@example.org");
        var link = await site.LinkFromMailAsync("late@example.org");
        var confirm = await AccountsSite.GetFormAsync(client, link, "form.account-form");

        site.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        var page = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("expired", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var post = await client.PostAsync("/signin/link", new FormUrlEncodedContent(confirm));
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
        Assert.Null(await AccountsSite.SignedInHandleAsync(client));
        Assert.Null(await site.Services.GetRequiredService<AccountStore>().FindByEmailAsync("late@example.org"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ten_parallel_presses_of_one_link_sign_in_once(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var client = site.Client();
        await AccountsSite.RequestLinkAsync(client, "race@example.org");
        var confirm = await AccountsSite.GetFormAsync(client, await site.LinkFromMailAsync("race@example.org"), "form.account-form");

        var presses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => client.PostAsync("/signin/link", new FormUrlEncodedContent(confirm)))));

        var winner = Assert.Single(presses, p => p.StatusCode == HttpStatusCode.Redirect);
        Assert.Contains(winner.Headers.GetValues("Set-Cookie"), c => c.StartsWith("dp_session=", StringComparison.Ordinal));
        Assert.All(presses.Where(p => p != winner), p => Assert.Equal(HttpStatusCode.Gone, p.StatusCode));
        Assert.All(presses.Where(p => p != winner), p => Assert.False(p.Headers.Contains("Set-Cookie") && p.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("dp_session=", StringComparison.Ordinal))));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sending_the_confirm_form_again_once_signed_in_says_the_link_was_used(string provider)
    {
        // Back and send again (or a second press that leaves after the first one's cookie arrived): the form's
        // antiforgery token belongs to the signed-out page, so the press does nothing, and says why.
        await using var site = await AccountsSite.StartAsync(provider);
        var client = site.Client();
        await AccountsSite.RequestLinkAsync(client, "again@example.org");
        var confirm = await AccountsSite.GetFormAsync(client, await site.LinkFromMailAsync("again@example.org"), "form.account-form");
        var first = await client.PostAsync("/signin/link", new FormUrlEncodedContent(confirm));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var again = await client.PostAsync("/signin/link", new FormUrlEncodedContent(confirm));

        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("already used", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(again.Headers.Contains("Set-Cookie") && again.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("dp_session=", StringComparison.Ordinal)));
        Assert.NotNull(await AccountsSite.SignedInHandleAsync(client));
    }

    [Fact]
    public async Task A_stale_form_with_an_unused_link_signs_nobody_in()
    {
        // A signed-in reader's browser posting someone else's unused link with a token that is not theirs (a forged
        // form): refused as an expired form, the link stays usable, the reader stays who they were.
        await using var site = await AccountsSite.StartAsync("Sqlite");
        var other = site.Client();
        await AccountsSite.RequestLinkAsync(other, "other@example.org");
        var link = await site.LinkFromMailAsync("other@example.org");
        var forged = await AccountsSite.GetFormAsync(other, link, "form.account-form");
        var reader = site.Client();
        await site.SignInAsync(reader, "reader@example.org");
        var before = await AccountsSite.SignedInHandleAsync(reader);

        var press = await reader.PostAsync("/signin/link", new FormUrlEncodedContent(forged));

        Assert.Equal(HttpStatusCode.BadRequest, press.StatusCode);
        Assert.Equal(before, await AccountsSite.SignedInHandleAsync(reader));
        Assert.Equal(HttpStatusCode.Redirect, (await other.PostAsync("/signin/link", new FormUrlEncodedContent(forged))).StatusCode);
    }

    [Fact]
    public async Task A_made_up_token_is_not_valid()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite");
        var response = await site.Client().GetAsync("/signin/link?token=" + SecretTokens.Create());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Known_and_unknown_addresses_get_the_same_answer_and_a_link_into_their_account(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var (known, _) = await site.Services.GetRequiredService<AccountStore>().GetOrCreateByEmailAsync("known@example.org");

        var forKnown = await AccountsSite.RequestLinkAsync(site.Client(), "known@example.org");
        var forUnknown = await AccountsSite.RequestLinkAsync(site.Client(), "unknown@example.org");

        Assert.Equal(forKnown.StatusCode, forUnknown.StatusCode);
        var knownText = (await AccountsSite.ParseAsync(forKnown)).QuerySelector("main")!.TextContent.Replace("known@example.org", "ADDRESS", StringComparison.Ordinal);
        var unknownText = (await AccountsSite.ParseAsync(forUnknown)).QuerySelector("main")!.TextContent.Replace("unknown@example.org", "ADDRESS", StringComparison.Ordinal);
        Assert.Equal(knownText, unknownText);
        Assert.Equal(2, site.Mail.Messages.Count);

        var client = site.Client();
        await site.SignInAsync(client, "KNOWN@example.org");
        Assert.Equal(known.Handle, await AccountsSite.SignedInHandleAsync(client));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Link_tokens_are_stored_only_as_their_SHA256(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        await AccountsSite.RequestLinkAsync(site.Client(), "hash@example.org");
        var token = (await site.LinkFromMailAsync("hash@example.org")).Split("token=")[1];

        await using var connection = await site.Db.Database.OpenAsync();
        var rows = (await connection.QueryAsync<(string TokenHash, string Email)>("SELECT token_hash, email FROM sign_in_tokens")).ToList();
        var row = Assert.Single(rows);
        Assert.Equal(SecretTokens.Hash(token), row.TokenHash);
        Assert.Equal(64, row.TokenHash.Length);
        Assert.DoesNotContain(token, row.TokenHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_sign_in_the_reader_returns_to_the_page_they_came_from_but_never_to_another_site()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite");
        var client = site.Client();
        var signInHref = (await AccountsSite.ParseAsync(await client.GetAsync("/papers/date/2025-12-11"))).QuerySelector("header a.signin-link")!.GetAttribute("href")!;
        Assert.Equal("/signin?returnUrl=%2Fpapers%2Fdate%2F2025-12-11", signInHref);

        var form = await AccountsSite.GetFormAsync(client, signInHref, "form.account-form");
        form["email"] = "back@example.org";
        await client.PostAsync("/signin", new FormUrlEncodedContent(form));
        var confirm = await AccountsSite.GetFormAsync(client, await site.LinkFromMailAsync("back@example.org"), "form.account-form");
        var signedIn = await client.PostAsync("/signin/link", new FormUrlEncodedContent(confirm));
        Assert.Equal("/papers/date/2025-12-11", signedIn.Headers.Location!.OriginalString);

        var other = site.Client();
        site.Mail.Clear();
        var evil = await AccountsSite.GetFormAsync(other, "/signin?returnUrl=%2F%2Fevil.example%2F", "form.account-form");
        Assert.False(evil.ContainsKey("returnUrl"));
        evil["email"] = "evil@example.org";
        evil["returnUrl"] = "//evil.example/";
        await other.PostAsync("/signin", new FormUrlEncodedContent(evil));
        var evilConfirm = await AccountsSite.GetFormAsync(other, await site.LinkFromMailAsync("evil@example.org"), "form.account-form");
        var landed = await other.PostAsync("/signin/link", new FormUrlEncodedContent(evilConfirm));
        Assert.Equal("/settings?welcome=true", landed.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task With_a_public_https_address_mail_links_use_it_and_the_session_cookie_is_secure()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite", new Dictionary<string, string?>
        {
            ["Site:BaseUrl"] = "https://papers.example.org/",
        });
        var client = site.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://papers.example.org"), AllowAutoRedirect = false,
        });
        await AccountsSite.RequestLinkAsync(client, "secure@example.org");

        var mail = await site.Mail.WaitForAsync(m => m.To == "secure@example.org");
        Assert.Contains("https://papers.example.org/signin/link?token=", mail.Message.TextBody, StringComparison.Ordinal);
        var confirm = await AccountsSite.GetFormAsync(client, await site.LinkFromMailAsync("secure@example.org"), "form.account-form");
        var signedIn = await client.PostAsync("/signin/link", new FormUrlEncodedContent(confirm));
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dp_session=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_an_SMTP_host_the_mail_is_written_to_the_pickup_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dailypapers-tests", "mail-" + Guid.NewGuid().ToString("N"));
        await using var site = await AccountsSite.StartAsync("Sqlite", new Dictionary<string, string?>
        {
            ["Mail:Smtp:Host"] = "",
            ["Mail:PickupDirectory"] = folder,
        });
        try
        {
            var response = await AccountsSite.RequestLinkAsync(site.Client(), "pickup@example.org");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(site.Mail.Messages);
            var file = Assert.Single(Directory.GetFiles(folder, "*.eml"));
            var message = await MimeKit.MimeMessage.LoadAsync(file);
            Assert.Equal("pickup@example.org", message.To.Mailboxes.Single().Address);
            Assert.Contains("/signin/link?token=", message.TextBody, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
