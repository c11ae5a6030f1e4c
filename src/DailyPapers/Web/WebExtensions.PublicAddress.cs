using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web;

public static partial class WebExtensions
{
    /// <summary>
    /// What follows from the public address (<see cref="SiteUrls"/>): the Host names requests may carry, which proxies'
    /// forwarded headers are believed, and, for an https address, HSTS and a redirect from plain http.
    /// </summary>
    private static void AddPublicAddress(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HostFilteringOptions>().Configure<IOptions<SiteOptions>>((o, site) =>
            o.AllowedHosts = HostNames(configuration, site.Value));

        services.AddOptions<ReverseProxyOptions>()
            .BindConfiguration("ForwardedHeaders")
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)),
                "ForwardedHeaders:KnownProxies takes IP addresses, e.g. 10.0.0.5.")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)),
                "ForwardedHeaders:KnownNetworks takes networks in CIDR notation, e.g. 10.0.0.0/8.")
            .Validate(o => o.ForwardLimit >= 1, "ForwardedHeaders:ForwardLimit must be at least 1.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>, IOptions<SiteOptions>>((o, proxy, site) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.ForwardLimit = proxy.Value.ForwardLimit;
            // The framework's own defaults stay: loopback, i.e. a proxy on this machine.
            foreach (var address in proxy.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(address));
            }
            foreach (var network in proxy.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
            o.AllowedHosts = HostNames(configuration, site.Value);
        });

        // The antiforgery cookie, as the session cookie: Secure over https, and always when readers use https (behind a
        // TLS-terminating proxy the request itself may look like http).
        services.AddOptions<AntiforgeryOptions>().Configure<SiteUrls>((o, urls) =>
            o.Cookie.SecurePolicy = urls.IsHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);

        services.AddOptions<HttpsRedirectionOptions>().Configure<SiteUrls>((o, urls) =>
            o.HttpsPort = urls.IsHttps ? new Uri(urls.BaseUrl).Port : null);
    }

    private static void UsePublicAddress(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Services.GetRequiredService<SiteUrls>().IsHttps)
        {
            app.UseHsts();
            // Load balancers probe /healthz over plain http on the node itself: answer them instead of redirecting.
            app.UseWhen(c => !c.Request.Path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase), b => b.UseHttpsRedirection());
        }
    }

    /// <summary>The operator's <c>AllowedHosts</c> when set, else the public address's host and loopback.</summary>
    private static List<string> HostNames(IConfiguration configuration, SiteOptions site) =>
        configuration["AllowedHosts"] is { Length: > 0 } configured
            ? [.. configured.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : [.. PublicAddress.AllowedHosts(site)];
}
