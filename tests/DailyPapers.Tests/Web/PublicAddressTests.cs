using System.Net;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Support;
using DailyPapers.Web;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DailyPapers.Tests.Web;

/// <summary>Links come from the configured public address, never from a request's Host header (issue 11, items 1 and 7).</summary>
public sealed class PublicAddressTests
{
    private static HttpClient ClientFor(WebApplicationFactory<Program> app, string baseAddress) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false });

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_sign_in_link_never_follows_the_requests_host(string provider)
    {
        // AllowedHosts=* lets the hostile Host through host filtering, to show the link does not depend on it.
        await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?> { ["AllowedHosts"] = "*" });
        var evil = ClientFor(site.App, "http://evil.example");

        await AccountsSite.RequestLinkAsync(evil, "victim@example.org");

        var mail = await site.Mail.WaitForAsync(m => m.To == "victim@example.org");
        Assert.DoesNotContain("evil.example", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", mail.Message.HtmlBody ?? "", StringComparison.Ordinal);
        Assert.Contains(SiteOptions.DefaultUrl + "/signin/link?token=", mail.Message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hosts_other_than_the_public_one_and_loopback_are_refused()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite", new Dictionary<string, string?> { ["Site:BaseUrl"] = "https://papers.example.org" });

        Assert.Equal(HttpStatusCode.BadRequest, (await ClientFor(site.App, "https://evil.example").GetAsync("/signin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ClientFor(site.App, "https://papers.example.org").GetAsync("/signin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ClientFor(site.App, "https://localhost").GetAsync("/signin")).StatusCode);
    }

    [Fact]
    public async Task The_demo_on_loopback_accepts_only_loopback_hosts()
    {
        await using var site = await AccountsSite.StartAsync("Sqlite");

        Assert.Equal(HttpStatusCode.BadRequest, (await ClientFor(site.App, "http://evil.example").GetAsync("/signin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ClientFor(site.App, "http://127.0.0.1:5080").GetAsync("/signin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ClientFor(site.App, "http://localhost").GetAsync("/signin")).StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://+:80")]
    [InlineData("http://papers.example.org:8080")]
    [InlineData("http://127.0.0.1:5080;http://[::]:5080")]
    public async Task A_site_others_can_reach_refuses_to_start_without_a_public_address(string urls)
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false);
        await using var app = new TestApp(db, new Dictionary<string, string?> { ["urls"] = urls });

        var e = Assert.ThrowsAny<Exception>(() => app.Server);

        var message = e is OptionsValidationException ? e.Message : e.ToString();
        Assert.Contains("Site:BaseUrl", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_site_others_can_reach_starts_with_a_public_address()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false);
        await using var app = new TestApp(db, new Dictionary<string, string?>
        {
            ["urls"] = "http://0.0.0.0:8080", ["Site:BaseUrl"] = "https://papers.example.org/", ["Demo:Enabled"] = "false",
        });

        var response = await ClientFor(app, "https://papers.example.org").GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://papers.example.org", app.Services.GetRequiredService<SiteUrls>().BaseUrl);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("https://[::1]:5443", true)]
    [InlineData("http://127.0.0.2:0", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://192.168.1.10:5080", false)]
    [InlineData("http://unix:/run/dailypapers.sock", false)]
    public void Loopback_means_only_this_machine(string url, bool loopback) =>
        Assert.Equal(loopback, PublicAddress.IsLoopback(url));

    [Theory]
    [InlineData("ftp://papers.example.org")]
    [InlineData("papers.example.org")]
    [InlineData("https://papers.example.org/?x=1")]
    [InlineData("https://user:pw@papers.example.org")]
    public void A_malformed_public_address_is_refused_naming_the_key(string baseUrl)
    {
        var problem = PublicAddress.Problem(new SiteOptions { BaseUrl = baseUrl }, new ConfigurationBuilder().Build());

        Assert.NotNull(problem);
        Assert.StartsWith("Site:BaseUrl", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Ports_on_every_interface_need_a_public_address()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["http_ports"] = "8080" }).Build();

        Assert.Contains("Site:BaseUrl", PublicAddress.Problem(new SiteOptions(), config), StringComparison.Ordinal);
        Assert.Null(PublicAddress.Problem(new SiteOptions(), new ConfigurationBuilder().Build()));
    }

    [Fact]
    public async Task Without_a_request_links_use_the_loopback_address_the_site_listens_on()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false);
        await using var app = new TestApp(db, new Dictionary<string, string?> { ["Demo:Enabled"] = "false", ["Digest:Enabled"] = "false" });

        // A random port: the digest job and sign-in mails must not assume the default 5080.
        var address = app.StartKestrel();

        Assert.NotEqual(SiteOptions.DefaultUrl, address);
        Assert.Equal(address, app.Services.GetRequiredService<SiteUrls>().BaseUrl);
    }
}
