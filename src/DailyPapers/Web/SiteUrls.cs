using Microsoft.Extensions.Options;

namespace DailyPapers.Web;

/// <summary>Absolute links for feeds, APIs and mail: <c>Site:BaseUrl</c> when configured, else the request's own address.</summary>
public sealed class SiteUrls(IOptions<SiteOptions> options)
{
    public string BaseUrl(HttpContext? context)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.BaseUrl))
        {
            return options.Value.BaseUrl.TrimEnd('/');
        }
        if (context is null)
        {
            return SiteOptions.DefaultUrl;
        }
        var request = context.Request;
        return $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/');
    }
}
