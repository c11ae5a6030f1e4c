using System.Net;
using DailyPapers.Community.Accounts;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>Settings (display name, handle) and the public profile page.</summary>
public sealed class ProfileTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_changes_name_and_handle_and_the_public_profile_shows_them(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var client = site.Client();
        await site.SignInAsync(client, "grace@example.org");

        var form = await AccountsSite.GetFormAsync(client, "/settings", "form.account-form");
        Assert.Equal("grace", form["handle"]);
        form["displayName"] = "Grace Hopper";
        form["handle"] = "Grace_H";
        var saved = await client.PostAsync("/settings", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/settings?saved=true", saved.Headers.Location!.OriginalString);
        Assert.Contains("Saved.", await client.GetStringAsync("/settings?saved=true"), StringComparison.Ordinal);
        Assert.Equal("Grace_H", await AccountsSite.SignedInHandleAsync(client));

        // Public: anyone can read it, by the handle in any case.
        var profile = await AccountsSite.ParseAsync(await site.Client().GetAsync("/users/grace_h"));
        Assert.Equal("Grace Hopper", profile.QuerySelector("h1")!.TextContent);
        Assert.Contains("@Grace_H", profile.QuerySelector(".profile-handle")!.TextContent, StringComparison.Ordinal);
        var joined = profile.QuerySelector(".profile-joined time")!.GetAttribute("datetime");
        Assert.Equal(site.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), joined);
        Assert.DoesNotContain("grace@example.org", profile.Source.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/users/grace")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_and_taken_handles_and_empty_names_are_refused_with_the_reason(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        await site.Services.GetRequiredService<AccountStore>().GetOrCreateByEmailAsync("taken@example.org");
        var client = site.Client();
        await site.SignInAsync(client, "linus@example.org");

        var cases = new (string Name, string Handle, string Field, string Says)[]
        {
            ("Linus", "TAKEN", "#handle-error", "taken"),
            ("Linus", "no spaces", "#handle-error", "letters, digits"),
            ("Linus", "-dash", "#handle-error", "starts and ends"),
            ("Linus", "x", "#handle-error", "2 to 39"),
            ("Linus", "admin", "#handle-error", "reserved"),
            ("   ", "linus", "#displayName-error", "display name"),
            ("Li\0nus", "linus", "#displayName-error", "contains a control character"),
            ("Linus", "li\0nus", "#handle-error", "letters, digits"),
        };
        foreach (var (name, handle, field, says) in cases)
        {
            var form = await AccountsSite.GetFormAsync(client, "/settings", "form.account-form");
            form["displayName"] = name;
            form["handle"] = handle;
            var response = await client.PostAsync("/settings", AccountsSite.Multipart(form)); // multipart: U+0000 reaches the endpoint
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = (await AccountsSite.ParseAsync(response)).QuerySelector(field);
            Assert.True(error is not null, $"no {field} for '{name}'/'{handle}'");
            Assert.Contains(says, error.TextContent, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal("linus", await AccountsSite.SignedInHandleAsync(client));
    }

    [Fact]
    public async Task Settings_need_a_signed_in_reader()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite");
        var client = site.Client();

        foreach (var path in new[] { "/settings", "/settings/tokens" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/signin?returnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/users/nobody-here")).StatusCode);
    }
}
