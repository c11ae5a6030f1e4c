using System.Globalization;
using System.Security.Claims;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Library.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DailyPapers.Community.Library;

/// <summary>
/// <c>/settings/library</c>: the form that imports a reading library (a BibTeX or RIS file, or pasted ids one a
/// line) and what became of the reader's imports; signed-out readers get a prompt to sign in. The POST reads the
/// form itself, after its size and antiforgery token were checked, so an upload past the limit gets the page
/// with a clear message rather than a bare 413 or "form expired".
/// </summary>
public static class LibraryEndpoints
{
    /// <summary>Entries listed on one page of an import's results.</summary>
    public const int PageSize = 100;

    /// <summary>Room for the form's other fields and the multipart framing beside a file of the largest size.</summary>
    private const long FormOverhead = 1024 * 1024;

    /// <summary>The source name of a pasted list.</summary>
    public const string PastedSource = "pasted list";

    public static IEndpointRouteBuilder MapLibrary(this IEndpointRouteBuilder app)
    {
        var maxFile = app.ServiceProvider.GetRequiredService<IOptions<LibraryOptions>>().Value.MaxFileBytes;
        var page = app.MapGroup("/settings/library").ExcludeFromDescription().AddEndpointFilter(AccountEndpoints.NoStore);
        page.MapGet("", Show);
        page.MapPost("", Import)
            .RequireAuthorization(AccountPolicies.Participate)
            .RequireRateLimiting(CommunityRateLimits.LibraryImports)
            .WithMetadata(new RequestSizeLimitAttribute(maxFile + FormOverhead))
            .AddEndpointFilter(RefuseTooLarge)
            .RequireFormAntiforgery();
        return app;
    }

    private static async Task<IResult> Show(
        long? import, string? show, int? p, ClaimsPrincipal user, LibraryImportStore store, CancellationToken ct) =>
        user.AccountId() is { } userId
            ? await PageAsync(userId, store, import, show, p, null, null, StatusCodes.Status200OK, ct)
            : Page(new { SignedIn = false });

    private static async Task<IResult> Import(
        HttpRequest request, ClaimsPrincipal user, LibraryImportService service, LibraryImportStore store, IOptions<LibraryOptions> options, CancellationToken ct)
    {
        var userId = user.AccountId()!.Value;
        var limits = options.Value;
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") is { Length: > 0 } f ? f : null;
        var pasted = form["entries"].ToString();
        string? text = null, source = null, error = null;
        var status = StatusCodes.Status400BadRequest;
        if (file is null == string.IsNullOrWhiteSpace(pasted))
        {
            error = file is null
                ? "Choose a BibTeX or RIS file, or paste arXiv ids, links or DOIs, one a line."
                : "Import either a file or a pasted list, not both at once.";
        }
        else if (file is { Length: var length } && length > limits.MaxFileBytes)
        {
            (error, status) = (TooLargeMessage(limits), StatusCodes.Status413PayloadTooLarge);
        }
        else if (file is not null)
        {
            using var bytes = new MemoryStream((int)file.Length);
            await file.CopyToAsync(bytes, ct);
            text = LibraryReader.Decode(bytes.GetBuffer().AsSpan(0, (int)bytes.Length));
            source = ImportText.Clean(Path.GetFileName(file.FileName), 120) is { Length: > 0 } name ? name : "uploaded file";
            error = text is null ? "That file is not text: export your library as BibTeX (.bib) or RIS (.ris)." : null;
        }
        else
        {
            (text, source) = (pasted, PastedSource);
        }
        if (error is null)
        {
            var read = LibraryReader.Read(source!, text!, limits.MaxEntries);
            var result = read.File is { } library ? await service.ImportAsync(userId, library, ct) : null;
            if (result?.ImportId is not null)
            {
                return TypedResults.LocalRedirect("/settings/library");
            }
            (error, status) = (read.Error ?? result!.Error, read.Error is null ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest);
        }
        return await PageAsync(userId, store, null, null, null, error, file is null ? pasted : null, status, ct);
    }

    /// <summary>
    /// An upload past the request size limit (or a pasted text past the form value limit) fails while antiforgery
    /// reads the form: say so plainly instead of "the form has expired".
    /// </summary>
    private static async ValueTask<object?> RefuseTooLarge(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false, Error.InnerException: var cause }
            && cause is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException)
        {
            var limits = http.RequestServices.GetRequiredService<IOptions<LibraryOptions>>().Value;
            return Page(new { SignedIn = true, Error = TooLargeMessage(limits) }, StatusCodes.Status413PayloadTooLarge);
        }
        return await next(context);
    }

    private static string TooLargeMessage(LibraryOptions limits) =>
        $"That is too large: one import takes a file of up to {Size(limits.MaxFileBytes)} and {limits.MaxEntries:N0} entries " +
        "(a pasted list up to 4 MB). Split the library into parts and import each.";

    /// <summary>A size as the form states it: "32 MB", or bytes below a megabyte.</summary>
    public static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB") : string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");

    private static async Task<IResult> PageAsync(
        long userId, LibraryImportStore store, long? importId, string? show, int? page, string? error, string? pasted, int status, CancellationToken ct)
    {
        var import = await store.GetAsync(userId, importId, ct);
        var all = show == "all";
        var offset = Math.Max(0, page ?? 0) * PageSize;
        var entries = import is null ? [] : await store.EntriesAsync(import.Id, problemsOnly: !all, offset, PageSize, ct);
        return Page(new
        {
            SignedIn = true,
            Import = import,
            Entries = entries,
            ShowAll = all,
            PageIndex = offset / PageSize,
            Earlier = (await store.ForUserAsync(userId, ct)).Where(i => i.Id != import?.Id).ToList(),
            Error = error,
            Pasted = pasted,
        }, status);
    }

    private static RazorComponentResult<LibraryPage> Page(object parameters, int status = StatusCodes.Status200OK) =>
        new(parameters) { StatusCode = status };
}
