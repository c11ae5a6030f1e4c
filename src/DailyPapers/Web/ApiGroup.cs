using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace DailyPapers.Web;

/// <summary>
/// The one <c>/api</c> route group every capability maps its API endpoints on (Program.cs hands it to each), so
/// conventions that hold for the whole API are set here, once: errors carry their message where clients read it
/// (<see cref="ApiProblemWriter"/>), and public reads may be fetched from any origin.
/// </summary>
public static class ApiGroup
{
    public const string Prefix = "/api";

    /// <summary>
    /// The CORS policy of public reads: any origin, GET and HEAD only, never credentials (so a page elsewhere can
    /// read the lists but not act as its reader), with the error message header visible to the page.
    /// </summary>
    public const string PublicReadCors = "api-public-read";

    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix);
        // After every endpoint's own conventions, so RequireAuthorization on an endpoint is seen.
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            if (IsPublicRead(endpoint.Metadata))
            {
                endpoint.Metadata.Add(new EnableCorsAttribute(PublicReadCors));
            }
        });
        return group;
    }

    internal static void AddPublicReadPolicy(CorsOptions options) => options.AddPolicy(PublicReadCors, policy => policy
        .AllowAnyOrigin()
        .WithMethods(HttpMethods.Get, HttpMethods.Head)
        .WithExposedHeaders(ApiProblemWriter.MessageHeader, "Retry-After"));

    /// <summary>A GET (or HEAD) that asks for no authorization.</summary>
    private static bool IsPublicRead(IList<object> metadata) =>
        metadata.OfType<HttpMethodMetadata>().LastOrDefault() is { } methods
        && methods.HttpMethods.All(m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m))
        && !metadata.OfType<IAuthorizeData>().Any()
        && !metadata.OfType<AuthorizationPolicy>().Any();
}
