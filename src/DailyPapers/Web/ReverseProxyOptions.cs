namespace DailyPapers.Web;

/// <summary>
/// Settings bound from the <c>ForwardedHeaders</c> section: the reverse proxies whose <c>X-Forwarded-For</c>,
/// <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> headers are believed. A proxy on this machine (loopback) always is;
/// from anyone else the headers are ignored, since any client can send them.
/// </summary>
public sealed class ReverseProxyOptions
{
    /// <summary>IP addresses of the proxies in front of the site, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a chain are unwrapped (each must be known); 1 for a single proxy.</summary>
    public int ForwardLimit { get; set; } = 1;
}
