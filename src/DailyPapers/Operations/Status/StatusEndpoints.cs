using DailyPapers.Community.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Operations.Status;

/// <summary>
/// <c>/admin/status</c>, admins only (a reader gets 403, a visitor the sign-in page): what the service is doing, as a page
/// people read, with one section per capability (<see cref="StatusPage"/>). Never cached: every view reads afresh.
/// </summary>
public static class StatusEndpoints
{
    public const string Path = "/admin/status";

    public static IEndpointRouteBuilder MapStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-store";
                return new RazorComponentResult<StatusPage>();
            })
            .ExcludeFromDescription()
            .RequireAuthorization(AccountPolicies.Admin);
        return app;
    }
}
