using System.Net;
using DailyPapers.Ingest.Arxiv;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DailyPapers.Ingest.Oai;

public static class OaiExtensions
{
    /// <summary>
    /// Registers the <see cref="OaiClient"/> (one connection to arXiv at a time, <c>Arxiv</c> settings) and the
    /// <see cref="OaiHarvester"/>. Needs <see cref="ArxivExtensions.AddArxivClient"/>: the options and the
    /// process-wide <see cref="ArxivRateLimiter"/> are shared with the query API client.
    /// </summary>
    public static IServiceCollection AddOaiHarvester(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ArxivRateLimiter>();
        services.AddHttpClient<OaiClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<ArxivOptions>>().Value;
                http.Timeout = options.Timeout;
                http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 1,
                AutomaticDecompression = DecompressionMethods.All,
            });
        services.AddMetrics();
        services.TryAddSingleton<IngestMetrics>();
        services.AddTransient<OaiHarvester>();
        return services;
    }

    /// <summary>
    /// Web host only: the daily harvest (<see cref="OaiHarvestSchedule"/>) with its <see cref="OaiHarvestScheduleOptions"/>
    /// (section <c>Harvest</c>; off unless <c>Harvest:Enabled</c> is true).
    /// </summary>
    public static IServiceCollection AddOaiHarvestSchedule(this IServiceCollection services)
    {
        services.AddOptions<OaiHarvestScheduleOptions>()
            .BindConfiguration("Harvest")
            .Validate(o => o.Set is null || OaiHarvestRequest.IsValidSet(o.Set), "Harvest:Set must be an OAI set such as cs or physics:hep-th.")
            .ValidateOnStart();
        services.AddHostedService<OaiHarvestSchedule>();
        return services;
    }
}
