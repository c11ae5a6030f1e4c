namespace DailyPapers.Site;

/// <summary>The pages that compose several capabilities: paper cards with the reader's votes and saves, the paper page.</summary>
public static class SiteEndpoints
{
    public static IEndpointRouteBuilder MapSite(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        app.MapLists();
        app.MapNewPapers(api);
        app.MapPapers(api);
        app.MapSearchPage();
        app.MapCollectionPage();
        app.MapDigestView();
        app.MapForYou();
        return app;
    }
}
