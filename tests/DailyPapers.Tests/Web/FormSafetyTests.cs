using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using DailyPapers.Community.Accounts;
using DailyPapers.Tests.Community;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Web;

/// <summary>
/// Every POST the app maps, found from its endpoint table (so a new one is covered the day it is added): forms
/// refuse a request without a valid antiforgery token, and the JSON API refuses the cookie session.
/// </summary>
public sealed partial class FormSafetyTests
{
    /// <summary>The two POSTs that take no antiforgery token on purpose (see DigestEndpoints).</summary>
    private static readonly string[] WithoutAntiforgery =
    [
        "/subscribe",           // the footer form on shared cached pages; it only mails a confirmation
        "/unsubscribe/{token}", // RFC 8058 one-click: the mail client posts without cookies or tokens
    ];

    [Fact]
    public async Task Every_form_POST_refuses_a_missing_or_forged_antiforgery_token_even_for_an_admin()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite");
        var admin = await site.SignedInAsync("boss@example.org", UserRole.Admin);

        var forms = PostEndpoints(site).Where(e => !IsApi(e)).ToList();
        Assert.True(forms.Count >= 15, $"only {forms.Count} form endpoints found");
        Assert.Equal(WithoutAntiforgery.Order(), forms.Where(e => e.Metadata.GetMetadata<IAntiforgeryMetadata>() is not { RequiresValidation: true })
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).Order());
        foreach (var endpoint in forms.Where(e => e.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: true }))
        {
            var path = SamplePath(endpoint);
            var missing = await admin.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "x" }));
            var forged = await admin.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = "CfDJ8-forged", ["name"] = "x",
            }));
            Assert.True(missing.StatusCode == HttpStatusCode.BadRequest, $"POST {path} without a token: {missing.StatusCode}");
            Assert.True(forged.StatusCode == HttpStatusCode.BadRequest, $"POST {path} with a forged token: {forged.StatusCode}");
        }
        Assert.Equal("boss", await AccountsSite.SignedInHandleAsync(admin));
    }

    [Fact]
    public async Task The_JSON_write_API_refuses_the_cookie_session()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite");
        var admin = await site.SignedInAsync("boss@example.org", UserRole.Admin);

        var api = PostEndpoints(site).Where(IsApi).ToList();
        Assert.Contains(api, e => e.RoutePattern.RawText!.Contains("papers/index", StringComparison.Ordinal));
        foreach (var endpoint in api)
        {
            var path = SamplePath(endpoint);
            var response = await admin.PostAsJsonAsync(path, new { arxivId = "2401.00001", paperId = "2401.00001", claimAuthorId = "x" });
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"POST {path} with a cookie: {response.StatusCode}");
        }
    }

    private static IEnumerable<RouteEndpoint> PostEndpoints(AccountsSite site) =>
        site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true);

    private static bool IsApi(RouteEndpoint e) => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal);

    /// <summary>The route with sample values: numbers for numeric parameters, an arXiv id for the rest.</summary>
    private static string SamplePath(RouteEndpoint e) =>
        "/" + Parameter().Replace(e.RoutePattern.RawText!.TrimStart('/'), m => m.Groups["constraint"].Value.Contains("long", StringComparison.Ordinal) ? "1" : "2401.00001");

    [GeneratedRegex(@"\{\**(?<name>\w+)(?<constraint>:[^}]*)?\}")]
    private static partial Regex Parameter();
}
