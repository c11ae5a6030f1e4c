using System.Security.Claims;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Collections;
using DailyPapers.Papers;
using DailyPapers.Web.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Site;

/// <summary><c>/collections/{id}</c>: a collection's papers as cards (anyone for a public one, only the owner for a private one).</summary>
public static class CollectionPageEndpoints
{
    public static IEndpointRouteBuilder MapCollectionPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/collections/{id:long}", Show).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Show(long id, ClaimsPrincipal user, CollectionStore store, PaperStore papers, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } collection || !collection.VisibleTo(user.AccountId()))
        {
            return NotFoundPage.Result("Collection not found", "There is no public collection with that number.");
        }
        return new RazorComponentResult<CollectionPage>(new { Collection = collection, Entries = await CollectionEntries.LoadAsync(store, papers, id, ct) });
    }
}
