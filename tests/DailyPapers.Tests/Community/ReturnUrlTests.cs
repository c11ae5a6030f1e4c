using System.Net;
using DailyPapers.Papers;
using DailyPapers.Tests.Mail;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>Where a reader lands after signing in (or voting): back on this site, whatever the return address holds.</summary>
public sealed class ReturnUrlTests
{
    /// <summary>Return addresses that try to leave the site, as a form or query value (already decoded once).</summary>
    private static readonly string[] Tricks =
    [
        "//evil.example/", "/\\evil.example/", "\\\\evil.example/", "/\\/evil.example/", "%2F%2Fevil.example", "/%2F%2Fevil.example",
        "/%5Cevil.example", "javascript:alert(1)", "https://evil.example/", "http:evil.example", "//evil.example@papers",
        "/\t/evil.example", "/\r\nLocation: https://evil.example/", "/%0D%0ALocation:%20https://evil.example/", " //evil.example",
        "/papers/../..//evil.example", "\u3000//evil.example", "/\u2028/evil.example",
    ];

    [Fact]
    public async Task A_non_ASCII_return_address_is_encoded_and_the_sign_in_works()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite");
        var client = site.Client();
        var form = await AccountsSite.GetFormAsync(client, "/signin?returnUrl=" + Uri.EscapeDataString("/papers/café?q=über#x"), "form.account-form");
        Assert.Equal("/papers/caf%C3%A9?q=%C3%BCber#x", form["returnUrl"]);
        form["email"] = "unicode@example.org";
        await client.PostAsync("/signin", new FormUrlEncodedContent(form));
        var confirm = await AccountsSite.GetFormAsync(client, await site.LinkFromMailAsync("unicode@example.org"), "form.account-form");

        var signedIn = await client.PostAsync("/signin/link", new FormUrlEncodedContent(confirm));

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/papers/caf%C3%A9?q=%C3%BCber#x", signedIn.Headers.Location!.OriginalString);
        Assert.Equal("unicode", await AccountsSite.SignedInHandleAsync(client));
        // Signed in already, the sign-in page sends the reader on at once, encoded as well.
        var onward = await client.GetAsync("/signin?returnUrl=" + Uri.EscapeDataString("/users/zoë"));
        Assert.Equal("/users/zo%C3%AB", onward.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task On_a_real_server_a_non_ASCII_return_address_signs_in_instead_of_failing()
    {
        // Kestrel, unlike the in-memory test server, refuses a non-ASCII Location header: that was a 500 after the link was used up.
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false);
        await using var mail = await SmtpReceiver.StartAsync();
        await using var app = new TestApp(db, new Dictionary<string, string?>(mail.Settings) { ["Demo:Enabled"] = "false" });
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() }) { BaseAddress = new Uri(app.StartKestrel()) };
        var form = await AccountsSite.GetFormAsync(client, "/signin?returnUrl=" + Uri.EscapeDataString("/papers/café"), "form.account-form");
        form["email"] = "kestrel@example.org";
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/signin", new FormUrlEncodedContent(form))).StatusCode);
        var link = AccountsSite.LinkIn((await mail.WaitForAsync(m => m.To == "kestrel@example.org")).Message.TextBody);
        var confirm = await AccountsSite.GetFormAsync(client, link, "form.account-form");

        var signedIn = await client.PostAsync("/signin/link", new FormUrlEncodedContent(confirm));

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/papers/caf%C3%A9", signedIn.Headers.Location!.OriginalString);
        Assert.Equal("kestrel", await AccountsSite.SignedInHandleAsync(client));
    }

    [Fact]
    public async Task A_vote_from_a_page_with_a_non_ASCII_address_redirects_back_to_it()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite");
        await site.Services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests.Sample("2401.00081"));
        var client = site.Client();
        await site.SignInAsync(client, "voter@example.org");
        var form = await AccountsSite.GetFormAsync(client, "/papers/2401.00081", "form.vote-form");
        form["returnUrl"] = "/search?q=Schrödinger";

        var voted = await client.PostAsync("/vote/2401.00081", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Redirect, voted.StatusCode);
        Assert.Equal("/search?q=Schr%C3%B6dinger", voted.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task No_return_address_trick_sends_a_reader_to_another_site()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite", new Dictionary<string, string?>
        {
            ["RateLimits:SignInPerIp:PermitLimit"] = "1000",
        });
        var tricks = Tricks;
        for (var i = 0; i < tricks.Length; i++)
        {
            var client = site.Client();
            var email = $"trick{i}@example.org";
            var form = await AccountsSite.GetFormAsync(client, "/signin", "form.account-form");
            form["email"] = email;
            form["returnUrl"] = tricks[i];
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/signin", new FormUrlEncodedContent(form))).StatusCode);
            var confirm = await AccountsSite.GetFormAsync(client, await site.LinkFromMailAsync(email), "form.account-form");
            var signedIn = await client.PostAsync("/signin/link", new FormUrlEncodedContent(confirm));
            AssertStaysOnSite(tricks[i], signedIn);

            // Signed in, the sign-in page redirects at once; the query string is the other way in.
            AssertStaysOnSite(tricks[i], await client.GetAsync("/signin?returnUrl=" + Uri.EscapeDataString(tricks[i])));
            if (tricks[i].All(c => c is > ' ' and < '\u007f'))
            {
                AssertStaysOnSite(tricks[i], await client.GetAsync("/signin?returnUrl=" + tricks[i]));
            }
        }
    }

    private static void AssertStaysOnSite(string trick, HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{Show(trick)}: {response.StatusCode}");
        var location = response.Headers.Location!.OriginalString;
        Assert.True(location.StartsWith('/') && (location.Length == 1 || location[1] is not ('/' or '\\')), $"{Show(trick)} led to {Show(location)}");
        Assert.True(location.All(c => c is > ' ' and < '\u007f'), $"{Show(trick)} led to {Show(location)}");
        var site = new Uri("https://papers.example.org/signin");
        Assert.Equal("papers.example.org", new Uri(site, location).Host);
    }

    private static string Show(string s) => string.Concat(s.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
}
