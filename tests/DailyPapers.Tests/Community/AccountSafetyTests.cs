using System.Net;

namespace DailyPapers.Tests.Community;

/// <summary>Antiforgery on every account form, and the rate limits on sign-in mail.</summary>
public sealed class AccountSafetyTests
{
    [Fact]
    public async Task Every_account_form_refuses_a_post_without_a_valid_antiforgery_token()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite");
        var anonymous = site.Client();
        var form = await AccountsSite.GetFormAsync(anonymous, "/signin", "form.account-form");
        Assert.False(string.IsNullOrEmpty(form["__RequestVerificationToken"]));

        var noToken = await anonymous.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "a@example.org" }));
        form["email"] = "a@example.org";
        form["__RequestVerificationToken"] = "CfDJ8-forged";
        var forged = await anonymous.PostAsync("/signin", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Empty(site.Mail.Messages);

        var reader = site.Client();
        await site.SignInAsync(reader, "forms@example.org");
        var handle = await AccountsSite.SignedInHandleAsync(reader);
        var posts = new Dictionary<string, Dictionary<string, string>>
        {
            ["/signout"] = [],
            ["/settings"] = new() { ["displayName"] = "Forged", ["handle"] = "forged" },
            ["/settings/tokens"] = new() { ["name"] = "forged" },
            ["/settings/tokens/1/revoke"] = [],
            ["/signin/link"] = new() { ["token"] = "x" },
        };
        foreach (var (path, fields) in posts)
        {
            var response = await reader.PostAsync(path, new FormUrlEncodedContent(fields));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {path} without a token: {response.StatusCode}");
        }
        // Nothing happened: still signed in, same handle, no token made.
        Assert.Equal(handle, await AccountsSite.SignedInHandleAsync(reader));
        Assert.Contains("You have no tokens", await reader.GetStringAsync("/settings/tokens"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_mails_to_one_address_are_limited_with_429_and_Retry_After()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite", new Dictionary<string, string?>
        {
            ["RateLimits:SignInPerAddress:PermitLimit"] = "2",
        });
        var client = site.Client();

        var first = await AccountsSite.RequestLinkAsync(client, "busy@example.org");
        var second = await AccountsSite.RequestLinkAsync(client, "BUSY@example.org");
        var third = await AccountsSite.RequestLinkAsync(client, "busy@example.org");
        var other = await AccountsSite.RequestLinkAsync(client, "calm@example.org");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        var retryAfter = third.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));
        Assert.Contains("Too many requests", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(2, site.Mail.Messages.Count(m => m.To.Equals("busy@example.org", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Sign_in_requests_from_one_IP_address_are_limited_with_429_and_Retry_After()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite", new Dictionary<string, string?>
        {
            ["RateLimits:SignInPerIp:PermitLimit"] = "3",
            ["RateLimits:SignInPerIp:Window"] = "00:05:00",
        });
        var client = site.Client();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await AccountsSite.RequestLinkAsync(client, $"reader{i}@example.org");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(TimeSpan.FromMinutes(5), last.Headers.RetryAfter?.Delta);
        Assert.Contains("Please wait 5 minutes", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, site.Mail.Messages.Count);
    }

    [Fact]
    public async Task An_address_that_is_not_one_is_refused_with_the_form_again()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite");

        var response = await AccountsSite.RequestLinkAsync(site.Client(), "Jane <jane@example.org>");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await AccountsSite.ParseAsync(response);
        Assert.NotNull(page.QuerySelector("#email-error"));
        Assert.Empty(site.Mail.Messages);
    }
}
