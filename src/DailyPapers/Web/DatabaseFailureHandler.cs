using System.Net;
using DailyPapers.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace DailyPapers.Web;

/// <summary>
/// Answers a request that failed because of the database itself with a 503 that says so and when to try again,
/// instead of a bare 500: the disk is full (nothing was saved; the database stays consistent) or the server is away
/// (restarting, stalled past <c>Database:CommandTimeout</c>): problem details for the API and for scripts that ask for JSON
/// (site.js's votes), a small page otherwise. The operator's log gets one error line naming the cause.
/// A server that went away also takes its pooled connections with it, so they are dropped here.
/// </summary>
internal sealed class DatabaseFailureHandler(Database database, ILogger<DatabaseFailureHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var diskFull = DatabaseErrors.IsDiskFull(exception);
        if (!diskFull && !DatabaseErrors.IsUnavailable(exception))
        {
            return false;
        }
        database.Forget(exception);
        var (title, detail, retryAfter) = diskFull
            ? ("The server's disk is full", "Nothing was saved. The site keeps showing pages; try again once space is freed.", 60)
            : ("The database is not answering", "The site will be back in a moment; nothing you saved before this was lost.", 5);
        if (diskFull)
        {
            logger.LogError(exception, "Disk full: {Provider} could not write ({Method} {Path})", database.Provider, context.Request.Method, context.Request.Path);
        }
        else
        {
            logger.LogError(exception, "Database unavailable: {Provider} did not answer ({Method} {Path})", database.Provider, context.Request.Method, context.Request.Path);
        }
        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        if (context.Request.Path.StartsWithSegments(ApiGroup.Prefix, StringComparison.OrdinalIgnoreCase)
            || context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            await Results.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: title).ExecuteAsync(context);
            return true;
        }
        // A plain page: the layout could itself need the database that just failed.
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8" /><title>{WebUtility.HtmlEncode(title)} · DailyPapers</title><link rel="stylesheet" href="/site.css" /></head>
            <body><main class="wrap"><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(detail)}</p><p><a href="/">DailyPapers</a></p></main></body></html>
            """, ct);
        return true;
    }
}
