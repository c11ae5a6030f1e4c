using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace DailyPapers.Web;

/// <summary><c>/avatars/{handle}.svg</c>: an initials avatar in a colour derived from the handle, for API clients that show one.</summary>
public static class AvatarEndpoints
{
    public static IEndpointRouteBuilder MapAvatars(this IEndpointRouteBuilder app)
    {
        app.MapGet("/avatars/{file}", (string file) =>
        {
            var handle = file.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) ? file[..^4] : file;
            if (handle.Length is 0 or > 100)
            {
                return Results.NotFound();
            }
            var hue = SHA256.HashData(Encoding.UTF8.GetBytes(handle.ToLowerInvariant()))[0] * 360 / 256;
            var initials = SecurityElement.Escape(new string(handle.Where(char.IsLetterOrDigit).Take(2).ToArray()).ToUpperInvariant());
            var svg = $"""<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="32" fill="hsl({hue},55%,45%)"/><text x="32" y="41" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-size="24" fill="#fff">{initials}</text></svg>""";
            return Results.Text(svg, "image/svg+xml; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }
}
