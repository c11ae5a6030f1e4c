using System.Security.Claims;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Collections.Pages;
using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Web;
using DailyPapers.Web.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Community.Collections;

/// <summary>
/// Reading lists: <c>/collections</c> (the reader's own, and a form for a new one), the Atom feed
/// <c>/collections/{id}.atom</c> of the page <c>/collections/{id}</c> (cards, so in Site) (anyone for a public collection, only the owner for a private
/// one), and <c>POST /collections/{id}/items</c> to add or remove a paper (renaming and deleting are forms on the page).
/// </summary>
public static class CollectionEndpoints
{
    public static IEndpointRouteBuilder MapCollections(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/collections").ExcludeFromDescription();
        pages.MapGet("/{id:long}.atom", Atom);

        var mine = pages.MapGroup("").RequireAuthorization(AccountPolicies.Participate);
        mine.MapGet("", Mine);
        mine.MapPost("", Create).RequireFormAntiforgery();
        mine.MapPost("/{id:long}/items", SetItem).RequireFormAntiforgery();
        return app;
    }

    private static async Task<IResult> Mine(string? arxivId, string? done, ClaimsPrincipal user, CollectionStore store, CancellationToken ct) =>
        Page<CollectionsPage>(new
        {
            Collections = await store.ForUserAsync(user.AccountId()!.Value, includePrivate: true, ct), ArxivId = arxivId, Deleted = done == "deleted",
        });

    private static async Task<IResult> Create(
        [FromForm] string? name, [FromForm] bool? isPublic, [FromForm] string? arxivId, ClaimsPrincipal user, CollectionStore store, CancellationToken ct)
    {
        var userId = user.AccountId()!.Value;
        name = name?.Trim();
        if (CollectionStore.NameError(name) is { } error)
        {
            return await RefusedAsync(error, StatusCodes.Status400BadRequest);
        }
        if (await store.CreateAsync(userId, name!, isPublic == true, ct) is not { } id)
        {
            return await RefusedAsync($"You have {store.MaxPerUser} collections, the most one reader can have. Add papers to one of them instead.",
                StatusCodes.Status409Conflict);
        }
        if (ArxivId.TryParse(arxivId, out var paper))
        {
            await store.SetAsync(id, userId, paper.Id, present: true, ct);
        }
        return TypedResults.LocalRedirect($"/collections/{id}");

        async Task<IResult> RefusedAsync(string message, int statusCode) => Page<CollectionsPage>(new
        {
            Collections = await store.ForUserAsync(userId, includePrivate: true, ct), ArxivId = arxivId, Error = message, Name = name,
        }, statusCode);
    }

    private static async Task<IResult> SetItem(
        long id, [FromForm] string? arxivId, [FromForm] bool? present, [FromForm] string? returnUrl, ClaimsPrincipal user, CollectionStore store, CancellationToken ct)
    {
        if (!ArxivId.TryParse(arxivId, out var paper) || !await store.SetAsync(id, user.AccountId()!.Value, paper.Id, present != false, ct))
        {
            return NotFoundPage.Result("Collection not found", "There is no collection of yours with that number, or no such paper.");
        }
        return TypedResults.LocalRedirect(LocalUrl.OrNull(returnUrl) ?? $"/collections/{id}");
    }

    private static async Task<IResult> Atom(long id, ClaimsPrincipal user, CollectionStore store, PaperStore papers, SiteUrls urls, TimeProvider clock, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } collection || !collection.VisibleTo(user.AccountId()))
        {
            return TypedResults.NotFound();
        }
        var baseUrl = urls.BaseUrl;
        var bytes = DailyListAtom.Write($"DailyPapers: {collection.Name} by {collection.OwnerName}", $"{baseUrl}/collections/{id}.atom", $"{baseUrl}/collections/{id}",
            await CollectionEntries.LoadAsync(store, papers, id, ct), baseUrl, clock.GetUtcNow().UtcDateTime);
        return TypedResults.Bytes(bytes, DailyListAtom.ContentType);
    }

    private static RazorComponentResult<TPage> Page<TPage>(object parameters, int statusCode = StatusCodes.Status200OK) where TPage : Microsoft.AspNetCore.Components.IComponent =>
        new RazorComponentResult<TPage>(parameters) { StatusCode = statusCode };
}
