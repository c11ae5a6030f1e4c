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
            })
            // Two Information lines per request attempt said nothing the client's own log lines and results do not.
            .RemoveAllLoggers();
        services.AddMetrics();
        services.TryAddSingleton<IngestMetrics>();
        services.AddTransient<OaiHarvester>();
        services.TryAddSingleton<HarvestScheduleState>();
        return services;
    }

    /// <summary>
    /// Web host only: the daily harvest (<see cref="OaiHarvestSchedule"/>) with its <see cref="OaiHarvestScheduleOptions"/>
    /// (section <c>Harvest</c>; on unless <c>Harvest:Enabled</c> is false) and its <see cref="HarvestScheduleState"/>.
    /// </summary>
    public static IServiceCollection AddOaiHarvestSchedule(this IServiceCollection services)
    {
        services.AddOptions<OaiHarvestScheduleOptions>()
            .BindConfiguration("Harvest")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OaiHarvestScheduleOptions>, HarvestOptionsValidation>();
        services.AddHostedService<OaiHarvestSchedule>();
        return services;
    }

    /// <summary>Names each problem with the harvest settings (the generic Validate above only says that there is one).</summary>
    private sealed class HarvestOptionsValidation : IValidateOptions<OaiHarvestScheduleOptions>
    {
        public ValidateOptionsResult Validate(string? name, OaiHarvestScheduleOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
