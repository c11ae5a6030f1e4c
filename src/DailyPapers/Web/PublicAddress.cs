using System.Net;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web;

/// <summary>
/// Where the site is for its readers. Links are never built from a request's Host header (anyone can send any Host,
/// and a mailed sign-in link to another host hands over the token): they use <c>Site:BaseUrl</c>, or, for a site
/// that listens on loopback only (the demo), the address it listens on.
/// </summary>
public static class PublicAddress
{
    /// <summary>Host names every site accepts besides its public one: the machine itself (the demo, local health checks).</summary>
    public static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>The addresses the web host is configured to listen on, read as Kestrel reads them.</summary>
    public static IReadOnlyList<string> ListenUrls(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => e["Url"]).OfType<string>().Where(u => u.Length > 0).ToList();
        if (endpoints.Count > 0)
        {
            return endpoints;
        }
        if (configuration["urls"] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        // http_ports/https_ports bind every interface.
        var ports = Ports(configuration["http_ports"], "http").Concat(Ports(configuration["https_ports"], "https")).ToList();
        return ports.Count > 0 ? ports : [SiteOptions.DefaultUrl];
    }

    /// <summary>Whether only this machine can reach <paramref name="url"/> (localhost, 127.0.0.0/8, ::1).</summary>
    public static bool IsLoopback(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return false;
        }
        if (address.IsUnixPipe || address.IsNamedPipe)
        {
            // Something on this machine (a proxy) forwards to it: readers come from elsewhere.
            return false;
        }
        return address.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>What is wrong with the configured public address, or null when it can be used.</summary>
    public static string? Problem(SiteOptions site, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(site.BaseUrl))
        {
            return Uri.TryCreate(site.BaseUrl.Trim(), UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
                ? null
                : $"Site:BaseUrl must be an absolute http:// or https:// address without query or fragment, e.g. https://papers.example.org (it is \"{site.BaseUrl}\").";
        }
        var exposed = ListenUrls(configuration).FirstOrDefault(u => !IsLoopback(u));
        return exposed is null
            ? null
            : $"Site:BaseUrl is not set, and the site listens on {exposed}, which other machines can reach. Set Site:BaseUrl to the "
              + "address readers use (e.g. --Site:BaseUrl=https://papers.example.org, or the environment variable Site__BaseUrl): "
              + "links in mail, feeds and the API, and the allowed Host names, come from it, never from a request's Host header.";
    }

    /// <summary>The Host names requests may carry: the public address's, and loopback.</summary>
    public static string[] AllowedHosts(SiteOptions site) =>
        string.IsNullOrWhiteSpace(site.BaseUrl) || !Uri.TryCreate(site.BaseUrl.Trim(), UriKind.Absolute, out var uri)
            ? LoopbackHosts
            : [.. LoopbackHosts.Append(uri.Host).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static IEnumerable<string> Ports(string? ports, string scheme) =>
        (ports ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"{scheme}://*:{p}");
}

/// <summary>Refuses to start (or, in a command-line verb, to make links) with an unusable public address.</summary>
internal sealed class SiteOptionsValidation(IConfiguration configuration) : IValidateOptions<SiteOptions>
{
    public ValidateOptionsResult Validate(string? name, SiteOptions options) =>
        PublicAddress.Problem(options, configuration) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
}
