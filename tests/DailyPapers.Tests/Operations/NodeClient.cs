using System.Net;

namespace DailyPapers.Tests.Operations;

/// <summary>
/// HTTP clients for nodes reached directly, without nginx. When the nodes' public address is https (they sit behind the
/// TLS proxy), a direct client plays the proxy on loopback: it says <c>X-Forwarded-Proto: https</c>, and keeps cookies
/// itself, since a cookie jar would never send the site's Secure cookies over plain http.
/// </summary>
public static class NodeClient
{
    public static HttpClient For(string baseUrl, bool asHttps = false, TimeSpan? timeout = null)
    {
        HttpMessageHandler handler = new SocketsHttpHandler
        {
            UseCookies = !asHttps,
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
        };
        if (asHttps)
        {
            handler = new BehindProxy { InnerHandler = handler };
        }
        return new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = timeout ?? TimeSpan.FromSeconds(30) };
    }

    private sealed class BehindProxy : DelegatingHandler
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            lock (_cookies)
            {
                if (_cookies.Count > 0)
                {
                    request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
                }
            }
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                lock (_cookies)
                {
                    foreach (var cookie in set)
                    {
                        var pair = cookie.Split(';', 2)[0];
                        var eq = pair.IndexOf('=', StringComparison.Ordinal);
                        var (name, value) = (pair[..eq].Trim(), pair[(eq + 1)..].Trim());
                        if (value.Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                        {
                            _cookies.Remove(name);
                        }
                        else
                        {
                            _cookies[name] = value;
                        }
                    }
                }
            }
            return response;
        }
    }
}
