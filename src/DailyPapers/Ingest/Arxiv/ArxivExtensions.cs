using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DailyPapers.Ingest.Arxiv;

public static class ArxivExtensions
{
    /// <summary>
    /// Registers <see cref="ArxivOptions"/> (section <c>Arxiv</c>), the process-wide <see cref="ArxivRateLimiter"/>
    /// and the <see cref="ArxivClient"/> with its HttpClient (one connection to arXiv at a time).
    /// </summary>
    public static IServiceCollection AddArxivClient(this IServiceCollection services)
    {
        services.AddOptions<ArxivOptions>()
            .BindConfiguration("Arxiv")
            .Validate(o => o.ApiUrl.IsAbsoluteUri && o.OaiUrl.IsAbsoluteUri, "Arxiv:ApiUrl and Arxiv:OaiUrl must be absolute URLs.")
            .Validate(o => o.MinInterval >= TimeSpan.Zero && o.Timeout > TimeSpan.Zero && o.RetryDelay >= TimeSpan.Zero,
                "Arxiv:MinInterval and Arxiv:RetryDelay must not be negative, Arxiv:Timeout must be positive.")
            .Validate(o => o.RetryCount >= 0 && o.PageSize is >= 1 and <= ArxivClient.MaxPageSize,
                "Arxiv:RetryCount must not be negative; Arxiv:PageSize must be 1 to 2000.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ArxivRateLimiter>();
        services.AddHttpClient<ArxivClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<ArxivOptions>>().Value;
                http.Timeout = options.Timeout;
                http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 1,
                AutomaticDecompression = DecompressionMethods.All,
            })
            // Two Information lines per request attempt said nothing the client's own log lines and results do not.
            .RemoveAllLoggers();
        return services;
    }
}
