using Mono.Cecil;

namespace DailyPapers.Tests.Architecture;

/// <summary>
/// Which types of the given folders touch the HTTP request outside the HTTP boundary (README.md, Layout). The
/// request is <c>HttpContext</c>, <c>HttpRequest</c> and <c>HttpResponse</c>; the boundary is a static class (an
/// endpoint class, or a hook handed to ASP.NET Core such as a rate-limit rule) or a subclass of one of ASP.NET
/// Core's own types (the cookie events, an authentication handler; components excluded). <c>IHttpContextAccessor</c>
/// is outside it everywhere.
/// </summary>
public static class RequestBoundary
{
    private static readonly HashSet<string> Request = new(StringComparer.Ordinal)
    {
        "Microsoft.AspNetCore.Http.HttpContext", "Microsoft.AspNetCore.Http.HttpRequest", "Microsoft.AspNetCore.Http.HttpResponse",
    };

    private const string Accessor = "Microsoft.AspNetCore.Http.IHttpContextAccessor";

    /// <summary>One line per type and request type it should not use, e.g. "Community: VoteButton uses HttpContext".</summary>
    public static List<string> Crossings(string assemblyPath, IReadOnlySet<string> folders)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var crossings = new List<string>();
        foreach (var type in module.Types)
        {
            if (FolderDependencies.FolderOf(type) is not { } folder || !folders.Contains(folder))
            {
                continue;
            }
            var boundary = IsStatic(type) || ExtendsAspNetCore(type);
            crossings.AddRange(FolderDependencies.Uses(type).Select(t => t.FullName).Distinct(StringComparer.Ordinal)
                .Where(name => name == Accessor || (!boundary && Request.Contains(name)))
                .Order(StringComparer.Ordinal)
                .Select(name => $"{folder}: {type.FullName} uses {name}"));
        }
        return crossings;
    }

    private static bool IsStatic(TypeDefinition type) => type.IsAbstract && type.IsSealed;

    private static bool ExtendsAspNetCore(TypeDefinition type) =>
        type.BaseType?.Namespace is { } ns
        && ns.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal)
        && !ns.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal);
}
