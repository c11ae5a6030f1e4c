using System.Net;
using Microsoft.Extensions.Options;

namespace DailyPapers.Operations;

/// <summary>
/// <c>/metrics</c> (when <c>Metrics:Enabled</c>): OpenTelemetry's Prometheus exporter, for clients in
/// <c>Metrics:AllowedNetworks</c> only (others get 403). The client address is the one the forwarded-headers middleware
/// settled on, so a reader behind a known proxy is judged by their own address, never by the proxy's loopback one.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            var services = context.RequestServices;
            if (!IsAllowed(context.Connection.RemoteIpAddress, services.GetRequiredService<IOptions<MetricsOptions>>().Value))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("Metrics are served only to Metrics:AllowedNetworks.", context.RequestAborted);
                return;
            }
            await services.GetRequiredService<OperationsMetrics>().RefreshAsync(context.RequestAborted);
            await next(context);
        }), optionsName: null).ExcludeFromDescription();

    /// <summary>Whether a client at <paramref name="address"/> may read the metrics.</summary>
    public static bool IsAllowed(IPAddress? address, MetricsOptions options)
    {
        if (address is null)
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var networks = options.AllowedNetworks.Count == 0 ? Loopback : options.AllowedNetworks.Select(n => IPNetwork.Parse(n));
        return networks.Any(n => n.Contains(address));
    }
}
