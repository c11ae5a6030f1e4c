using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web;

/// <summary>
/// Writes every problem under <c>/api</c> (<c>TypedResults.Problem</c>, validation problems, the status-code page of a
/// bare 401 or 404, the exception handler, rate-limit refusals) with its message where Hugging Face's clients look
/// for it: the body's <c>error</c> and the <c>X-Error-Message</c> header, besides the RFC 7807 fields. It is
/// registered before ASP.NET Core's default writer and takes every <c>/api</c> request whatever its Accept header
/// says, so no API error goes out without its message.
/// </summary>
internal sealed class ApiProblemWriter(IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public const string MessageHeader = "X-Error-Message";

    /// <summary>Long enough for any message of ours; a header is no place for more.</summary>
    private const int MaxHeaderLength = 1000;

    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments(ApiGroup.Prefix, StringComparison.OrdinalIgnoreCase);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        // Wrapping fills in the RFC 9110 type and the title of the status where they are missing, as the default
        // writer would (a bare 401 from authentication reaches us with its status only).
        _ = TypedResults.Problem(problem);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        var message = Message(problem);
        problem.Extensions["error"] = message;
        http.Response.Headers[MessageHeader] = HeaderValue(message);
        return new ValueTask(http.Response.WriteAsJsonAsync(
            problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json", http.RequestAborted));
    }

    /// <summary>The one line a client shows: the detail, else the field errors, else what the status means here.</summary>
    internal static string Message(ProblemDetails problem)
    {
        if (!string.IsNullOrWhiteSpace(problem.Detail))
        {
            return problem.Detail;
        }
        if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation)
        {
            return string.Join(" ", validation.Errors.SelectMany(e => e.Value));
        }
        return problem.Status switch
        {
            StatusCodes.Status401Unauthorized => "This needs an API token: send Authorization: Bearer dpt_… (make one at /settings/tokens).",
            StatusCodes.Status403Forbidden => "The token's account may not do this.",
            StatusCodes.Status404NotFound => "Not found.",
            StatusCodes.Status405MethodNotAllowed => "This address does not take that HTTP method.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON (Content-Type: application/json).",
            _ => problem.Title ?? "The request failed.",
        };
    }

    /// <summary>
    /// The message as a header value: control characters (a line break would end the header) become spaces. Kestrel
    /// sends this header as UTF-8 (<see cref="WebExtensions"/>), which HTTP clients such as httpx decode.
    /// </summary>
    internal static string HeaderValue(string message)
    {
        var length = Math.Min(message.Length, MaxHeaderLength);
        if (length < message.Length && char.IsHighSurrogate(message[length - 1]))
        {
            length--;
        }
        var sb = new StringBuilder(length);
        foreach (var c in message.AsSpan(0, length))
        {
            sb.Append(char.IsControl(c) ? ' ' : c);
        }
        return sb.ToString().Trim();
    }
}
