namespace DailyPapers.Web;

/// <summary>
/// The one <c>/api</c> route group every capability maps its API endpoints on (Program.cs hands it to each), so
/// conventions that hold for the whole API (problem details, caching headers, CORS) are set here, once.
/// </summary>
public static class ApiGroup
{
    public const string Prefix = "/api";

    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder app) => app.MapGroup(Prefix);
}
