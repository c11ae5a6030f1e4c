namespace DailyPapers.Tests.Architecture;

/// <summary>
/// Nothing below the pages reads the request (conventions.md): below Site/ in README.md's layers, apart from Web/
/// (the plumbing), only the HTTP boundary names <c>HttpContext</c>; Razor components and services get what they
/// need from the page as parameters (Site/RequestReader makes the PageReader they take).
/// </summary>
public sealed class RequestBoundaryTests
{
    private const string Pages = "Site";
    private const string Plumbing = "Web";
    private static readonly string Assembly = typeof(Program).Assembly.Location;

    [Fact]
    public void BelowThePagesOnlyTheHttpBoundaryReadsTheRequest()
    {
        var layers = ReadmeLayers.Read().ToList();
        var pages = layers.FindIndex(l => l.Folders.Contains(Pages));
        Assert.True(pages >= 0, $"README.md's layers block has no {Pages} line.");
        var below = layers.Skip(pages + 1).SelectMany(l => l.Folders).Where(f => f != Plumbing).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Community", below);

        var crossings = RequestBoundary.Crossings(Assembly, below);

        Assert.True(crossings.Count == 0, "Below Site/, only endpoint classes and ASP.NET Core hooks may read the request:\n" + string.Join("\n", crossings));
    }

    /// <summary>The check sees what it must: in Web/, which may, a component and a middleware read the request.</summary>
    [Fact]
    public void TheCheckFindsComponentsAndServicesThatReadTheRequest()
    {
        var crossings = RequestBoundary.Crossings(Assembly, new HashSet<string>(StringComparer.Ordinal) { Plumbing });

        Assert.Contains(crossings, c => c.StartsWith("Web: DailyPapers.Web.Components.SiteLayout uses Microsoft.AspNetCore.Http.HttpContext", StringComparison.Ordinal));
        Assert.Contains(crossings, c => c.StartsWith("Web: DailyPapers.Web.RenderedPageCache uses Microsoft.AspNetCore.Http.HttpContext", StringComparison.Ordinal));
        // A static class is the boundary: ClientRateLimits partitions requests for the rate limiter.
        Assert.DoesNotContain(crossings, c => c.Contains("ClientRateLimits", StringComparison.Ordinal));
    }
}
