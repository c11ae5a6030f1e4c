using System.Net;
using DailyPapers.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DailyPapers.Tests.Web;

/// <summary>HSTS, the redirect to https, and forwarded headers believed only from configured proxies (issue 11, item 15).</summary>
public sealed class HttpsAndProxyTests
{
    private const string Proxy = "10.0.0.5";

    private static TestApp Start(TestDatabase db) => new(db, new Dictionary<string, string?>
    {
        ["Site:BaseUrl"] = "https://papers.example.org",
        ["ForwardedHeaders:KnownProxies:0"] = Proxy,
        ["Demo:Enabled"] = "false",
        ["Digest:Enabled"] = "false",
    });

    /// <summary>A request as it arrives from <paramref name="remoteIp"/> over plain http, with forwarded headers.</summary>
    private static Task<HttpContext> FromAsync(TestApp app, string remoteIp, string? forwardedProto, string path = "/signin") =>
        app.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = IPAddress.Parse(remoteIp);
            c.Request.Method = "GET";
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("papers.example.org");
            c.Request.Path = path;
            if (forwardedProto is not null)
            {
                c.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
                c.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
            }
        });

    [Fact]
    public async Task With_an_https_public_address_plain_http_is_redirected_and_https_gets_hsts()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false);
        await using var app = Start(db);

        var plain = await app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://papers.example.org"), AllowAutoRedirect = false })
            .GetAsync("/papers/date/2025-12-11?p=0");
        var secure = await app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://papers.example.org") })
            .GetAsync("/signin");
        var probe = await app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost") }).GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal("https://papers.example.org/papers/date/2025-12-11?p=0", plain.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.StartsWith("max-age=", secure.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        // The form's antiforgery cookie is Secure too, as the session cookie is.
        var antiforgery = Assert.Single(secure.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_count_only_from_a_configured_proxy()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false);
        await using var app = Start(db);

        var viaProxy = await FromAsync(app, Proxy, "https");
        var spoofed = await FromAsync(app, "198.51.100.9", "https");

        // The proxy terminated TLS: the request counts as https, from the reader's address.
        Assert.Equal(StatusCodes.Status200OK, viaProxy.Response.StatusCode);
        Assert.True(viaProxy.Request.IsHttps);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), viaProxy.Connection.RemoteIpAddress);
        // Anyone else's headers are ignored: still plain http, so redirected, and the address is the sender's.
        Assert.Equal(StatusCodes.Status307TemporaryRedirect, spoofed.Response.StatusCode);
        Assert.Equal(IPAddress.Parse("198.51.100.9"), spoofed.Connection.RemoteIpAddress);
    }

    [Fact]
    public async Task A_malformed_proxy_address_stops_the_start_naming_the_key()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false);
        await using var app = new TestApp(db, new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/33" });

        var e = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("ForwardedHeaders:KnownNetworks", e.ToString(), StringComparison.Ordinal);
    }
}
