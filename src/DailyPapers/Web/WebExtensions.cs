using DailyPapers.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web;

public static partial class WebExtensions
{
    public static IServiceCollection AddWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSecurityHeaders();
        services.AddRazorComponents();
        services.AddRenderedPageCache();
        services.AddAntiforgery();
        // Before AddProblemDetails, so that ours is the writer chosen for /api.
        services.AddSingleton<IProblemDetailsWriter, ApiProblemWriter>();
        services.AddProblemDetails();
        services.AddCors(ApiGroup.AddPublicReadPolicy);
        // API error messages go out in a header too; ours may hold any character.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.ResponseHeaderEncodingSelector =
            name => string.Equals(name, ApiProblemWriter.MessageHeader, StringComparison.OrdinalIgnoreCase) ? System.Text.Encoding.UTF8 : null);
        services.AddExceptionHandler<DatabaseFailureHandler>();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "DailyPapers API";
            doc.Info.Description = "Daily lists of research papers, compatible with the Hugging Face Papers API.";
            return Task.CompletedTask;
        }));
        services.AddPublicAddress(configuration);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        // As Hugging Face does, a key we have no value for is left out rather than sent as null.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);
        return services;
    }

    public static WebApplication UseWeb(this WebApplication app)
    {
        app.UsePublicAddress();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot")),
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        // Who is asking comes first: antiforgery tokens are bound to the user, rate limits partition by user, and
        // the page cache serves only anonymous requests.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.UseMiddleware<RenderedPageCache>();
        return app;
    }

    public static WebApplication MapWeb(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapAvatars();
        app.MapFallback((HttpContext ctx) => ctx.Request.Path.StartsWithSegments(ApiGroup.Prefix, StringComparison.OrdinalIgnoreCase)
                ? Results.Problem($"There is no API endpoint at {ctx.Request.Path}.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
                : DailyPapers.Web.Components.NotFoundPage.Result("Page not found", "There is nothing at this address."))
            .ExcludeFromDescription();
        // Anyone may ask, so the answer is only healthy or not; why a check failed goes to the log.
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = (ctx, report) => ctx.Response.WriteAsJsonAsync(new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString() }),
            }),
        }).DisableHttpMetrics();
        return app;
    }
}

/// <summary>
/// Whether the database answers a query that reads a table (cheap at any size) within <c>Database:HealthCheckTimeout</c>.
/// The answer comes by then whatever the server does: a stalled server holds the query (and a driver's cancellation of
/// it) for as long as it stalls, so the probe stops waiting and lets the query end on its own.
/// </summary>
internal sealed class DatabaseHealthCheck(Database database, IOptions<DatabaseOptions> options, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var version = await ReadSchemaVersionAsync(ct).WaitAsync(options.Value.HealthCheckTimeout, ct);
            return HealthCheckResult.Healthy($"{database.Provider} answers at schema version {version}");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            database.Forget(e);
            logger.LogError(e, "Health check: {Provider} does not answer", database.Provider);
            return HealthCheckResult.Unhealthy($"{database.Provider} does not answer");
        }
    }

    private async Task<object?> ReadSchemaVersionAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await database.OpenAsync(ct);
            await using var cmd = connection.CreateCommand();
            cmd.CommandTimeout = Database.Seconds(options.Value.HealthCheckTimeout);
            cmd.CommandText = "SELECT max(version) FROM schema_migrations";
            return await cmd.ExecuteScalarAsync(ct);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            // Seen by the caller unless it stopped waiting; then it only leaves the pool.
            database.Forget(e);
            throw;
        }
    }
}
