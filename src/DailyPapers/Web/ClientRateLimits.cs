using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Threading.RateLimiting;

namespace DailyPapers.Web;

/// <summary>
/// Who a per-client rate limit counts. An IPv4 client is its address; an IPv6 client is its /64 network, since
/// one subscriber usually holds a whole /64 and could otherwise take a fresh address for every request.
/// </summary>
public static class ClientRateLimits
{
    /// <summary>The client's address, or its /64 for IPv6 (behind a reverse proxy, forwarded headers must say who the client is).</summary>
    public static string Network(HttpContext http) => Network(http.Connection.RemoteIpAddress);

    public static string Network(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The signed-in account ("user:42"), else the client's network ("ip:203.0.113.5", "ip:2001:db8::/64").</summary>
    public static string AccountOrNetwork(HttpContext http) =>
        http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? "user:" + id : "ip:" + Network(http);

    /// <summary>A fixed-window partition for <paramref name="key"/> under <paramref name="rule"/>.</summary>
    public static RateLimitPartition<string> FixedWindow(string key, RateLimitRule rule) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = rule.PermitLimit, Window = rule.Window });
}
