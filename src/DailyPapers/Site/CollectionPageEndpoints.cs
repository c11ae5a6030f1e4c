using System.Security.Claims;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Collections;
using DailyPapers.Papers;
using DailyPapers.Web.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Site;

/// <summary>
/// <c>/collections/{id}</c>: a collection's papers as cards (anyone for a public one, only the owner for a private one),
/// and the owner's forms on that page: <c>POST /collections/{id}/edit</c> (name, public or not) and
/// <c>POST /collections/{id}/delete</c>.
/// </summary>
public static class CollectionPageEndpoints
{
    public static IEndpointRouteBuilder MapCollectionPage(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/collections/{id:long}").ExcludeFromDescription();
        pages.MapGet("", Show);
        var owner = pages.MapGroup("").RequireAuthorization(AccountPolicies.Participate);
        owner.MapPost("/edit", Edit).RequireFormAntiforgery();
        owner.MapPost("/delete", Delete).RequireFormAntiforgery();
        return app;
    }

    private static async Task<IResult> Show(long id, ClaimsPrincipal user, CollectionStore store, PaperStore papers, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } collection && collection.VisibleTo(user.AccountId())
            ? await PageAsync(collection, user, store, papers, ct)
            : NotFound();

    private static async Task<IResult> Edit(
        long id, [FromForm] string? name, [FromForm] bool? isPublic, ClaimsPrincipal user, CollectionStore store, PaperStore papers, CancellationToken ct)
    {
        var ownerId = user.AccountId()!.Value;
        if (await store.GetAsync(id, ct) is not { } collection || collection.UserId != ownerId)
        {
            return NotFound();
        }
        name = name?.Trim();
        if (CollectionStore.NameError(name) is { } error)
        {
            return await PageAsync(collection, user, store, papers, ct, error, name, StatusCodes.Status400BadRequest);
        }
        return await store.EditAsync(id, ownerId, name!, isPublic == true, ct)
            ? TypedResults.LocalRedirect($"/collections/{id}")
            : NotFound();
    }

    private static async Task<IResult> Delete(long id, ClaimsPrincipal user, CollectionStore store, CancellationToken ct) =>
        await store.DeleteAsync(id, user.AccountId()!.Value, ct)
            ? TypedResults.LocalRedirect("/collections?done=deleted")
            : NotFound();

    private static async Task<IResult> PageAsync(
        Collection collection, ClaimsPrincipal user, CollectionStore store, PaperStore papers, CancellationToken ct,
        string? error = null, string? typedName = null, int statusCode = StatusCodes.Status200OK) =>
        new RazorComponentResult<CollectionPage>(new
        {
            Collection = collection,
            Entries = await CollectionEntries.LoadAsync(store, papers, collection.Id, ct),
            IsOwner = collection.UserId == user.AccountId(),
            EditError = error,
            TypedName = typedName,
        })
        { StatusCode = statusCode };

    // The same answer for a private collection of someone else's as for none: nobody learns which numbers exist.
    private static IResult NotFound() => NotFoundPage.Result("Collection not found", "There is no public collection with that number.");
}
