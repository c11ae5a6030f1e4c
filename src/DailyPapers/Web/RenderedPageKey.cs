using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Routing.Patterns;

namespace DailyPapers.Web;

/// <summary>A query parameter that a cached endpoint reads, and the one spelling of its values worth keeping.</summary>
public sealed record CachedQueryParameter(string Name, Func<string, bool> IsCanonical, bool FormText = false)
{
    /// <summary>
    /// Free text typed into a form (a search box): any value up to <paramref name="maxLength"/> characters without control
    /// characters, kept in either spelling of a space, <c>%20</c> (links) or <c>+</c> (what a browser's GET form sends).
    /// </summary>
    public static CachedQueryParameter Text(string name, int maxLength) => new(name, v =>
        v.Length <= maxLength && !v.Any(char.IsControl), FormText: true);

    /// <summary>A form field that may be sent empty (a filter left blank), else as <paramref name="filled"/> requires.</summary>
    public static CachedQueryParameter OptionalField(CachedQueryParameter filled) =>
        filled with { IsCanonical = v => v.Length == 0 || filled.IsCanonical(v) };

    /// <summary>A whole number written plainly: <c>p=2</c>, not <c>p=02</c> or <c>p=+2</c>.</summary>
    public static CachedQueryParameter WholeNumber(string name) => new(name, v =>
        int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && v == n.ToString(CultureInfo.InvariantCulture));

    /// <summary>A date, week, month or word: ASCII letters, digits and '-', at most <paramref name="maxLength"/> characters.</summary>
    public static CachedQueryParameter Token(string name, int maxLength = 16) => new(name, v =>
        v.Length > 0 && v.Length <= maxLength && v.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
}

/// <summary>
/// Where <see cref="RenderedPageCache"/> files a response: the path and the query parameters the endpoint reads, and
/// nothing else of the request (not its Host, not any other parameter), so no client can make others see a
/// different page. <see cref="Keep"/> is true only for the one spelling of a key, so junk (<c>/?junk=N</c>,
/// <c>?p=007</c>, <c>/PAPERS/…</c>) cannot fill the cache; such requests are still answered from a kept entry.
/// </summary>
internal readonly record struct RenderedPageKey(string Value, bool Keep)
{
    public static RenderedPageKey For(HttpContext context, IReadOnlyList<CachedQueryParameter> parameters)
    {
        var request = context.Request;
        var query = new StringBuilder();
        var formQuery = new StringBuilder();
        var canonicalValues = true;
        foreach (var parameter in parameters)
        {
            if (!request.Query.TryGetValue(parameter.Name, out var values))
            {
                continue;
            }
            canonicalValues &= values.Count == 1 && parameter.IsCanonical(values[0] ?? "");
            foreach (var value in values)
            {
                var encoded = Uri.EscapeDataString(value ?? "");
                query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(parameter.Name)).Append('=').Append(encoded);
                formQuery.Append(formQuery.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(parameter.Name))
                    .Append('=').Append(parameter.FormText ? encoded.Replace("%20", "+", StringComparison.Ordinal) : encoded);
            }
        }
        var rebuilt = query.ToString();
        // Kept only when the raw query is exactly the rebuilt one: no other parameter, the declared order, plain encoding
        // (a form's text may also have its spaces as '+').
        var raw = request.QueryString.Value ?? "";
        var keep = canonicalValues && (raw == rebuilt || raw == formQuery.ToString()) && PathIsCanonical(context);
        return new RenderedPageKey("page:" + request.Path.Value + rebuilt, keep);
    }

    /// <summary>Routing ignores case and a trailing slash; the cache keeps only the route's own spelling.</summary>
    private static bool PathIsCanonical(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.Length > 1 && path.EndsWith('/'))
        {
            return false;
        }
        if (context.GetEndpoint() is not RouteEndpoint route)
        {
            return true;
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var pattern = route.RoutePattern.PathSegments;
        for (var i = 0; i < pattern.Count && i < segments.Length; i++)
        {
            if (pattern[i].Parts is [RoutePatternLiteralPart literal] && !string.Equals(literal.Content, segments[i], StringComparison.Ordinal))
            {
                return false;
            }
            if (pattern[i].Parts is [RoutePatternParameterPart { IsCatchAll: true }])
            {
                break;
            }
        }
        return true;
    }
}
