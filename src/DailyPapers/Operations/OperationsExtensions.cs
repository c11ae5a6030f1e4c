using DailyPapers.Ingest;
using DailyPapers.Mail;
using DailyPapers.Operations.Status;
using DailyPapers.Search;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace DailyPapers.Operations;

public static class OperationsExtensions
{
    /// <summary>
    /// Web host only: the node heartbeat, <c>/admin/status</c>'s services, and, when <c>Metrics:Enabled</c>, OpenTelemetry
    /// metrics (ASP.NET Core, the runtime, outgoing HTTP, and every capability's own <c>dailypapers.*</c> instruments).
    /// </summary>
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>()
            .BindConfiguration("Metrics")
            .Validate(o => o.AllowedNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)),
                "Metrics:AllowedNetworks takes networks in CIDR notation, e.g. 10.0.0.0/8 or 127.0.0.1/32.")
            .ValidateOnStart();
        services.AddOptions<StatusOptions>().BindConfiguration("Status");
        services.AddSingleton<NodeName>();
        services.AddSingleton<NodeHeartbeatStore>();
        services.AddSingleton<OperationsMetrics>();
        services.AddHostedService<NodeHeartbeat>();
        // Registered whatever the setting, which is read when the provider is built (a setting given after registration, as
        // the tests' host gives it, still counts): off, every instrument is dropped, so nothing is measured or kept.
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(IngestMetrics.MeterName, SearchMetrics.MeterName, MailMetrics.MeterName, OperationsMetrics.MeterName)
            .AddPrometheusExporter());
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            if (!provider.GetRequiredService<IOptions<MetricsOptions>>().Value.Enabled)
            {
                metrics.AddView(_ => MetricStreamConfiguration.Drop);
            }
        });
        return services;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Enabled)
        {
            app.MapMetrics();
        }
        app.MapStatus();
        return app;
    }
}
