using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web;

/// <summary>
/// The site's public address for every absolute link (mail, feeds, API thumbnails and avatars, Markdown): <c>Site:BaseUrl</c>,
/// else the loopback address the site listens on (see <see cref="PublicAddress"/>). Never the request's Host.
/// </summary>
public sealed class SiteUrls(IOptions<SiteOptions> options, IConfiguration configuration, IServiceProvider services)
{
    private string? _resolved;

    /// <summary>The public address without a trailing slash, e.g. <c>https://papers.example.org</c>.</summary>
    public string BaseUrl => _resolved ?? Resolve();

    /// <summary>Whether readers reach the site over https (cookies are then always Secure, and plain http is redirected).</summary>
    public bool IsHttps => BaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private string Resolve()
    {
        // Reading the options validates them: an exposed site without Site:BaseUrl stops here, before any link is made.
        if (options.Value.BaseUrl is { } configured && !string.IsNullOrWhiteSpace(configured))
        {
            return _resolved = configured.Trim().TrimEnd('/');
        }
        // The demo: the address the server is bound to (with its real port when the configuration said 0). Until the
        // host has started, the server lists the configured addresses instead.
        if (services.GetService<IHostApplicationLifetime>()?.ApplicationStarted.IsCancellationRequested == true
            && services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } bound)
        {
            return _resolved = bound.TrimEnd('/');
        }
        // Not started yet, or no server at all (a command-line verb): the configured address, without remembering it.
        return PublicAddress.ListenUrls(configuration)[0].TrimEnd('/');
    }
}
