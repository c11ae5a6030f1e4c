using System.Net;
using System.Xml.Linq;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Collections;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>Collections: made from a paper, filled and emptied from cards, private or public, with an Atom feed; renamed and deleted by their owner.</summary>
public sealed class CollectionTests
{
    private const string Id = "2401.00021";
    private const string Other = "2401.00022";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reader_keeps_private_and_public_collections_from_any_card(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var today = await site.PutOnTodaysListAsync(
            PaperStoreTests.Sample(Id, title: "Collected paper one"), PaperStoreTests.Sample(Other, title: "Collected paper two"));
        var owner = site.Client();
        await site.SignInAsync(owner, "owner@example.org");
        var anonymous = site.Client();

        // From a paper page: "New collection…" starts a private collection with that paper.
        var paperPage = await AccountsSite.ParseAsync(await owner.GetAsync($"/papers/{Id}"));
        var newLink = paperPage.QuerySelector("details.collect a.collect-new")!.GetAttribute("href")!;
        var create = await AccountsSite.GetFormAsync(owner, newLink, "form.collection-form");
        create["name"] = "To read <soon>";
        create.Remove("isPublic"); // an unticked checkbox is not sent
        var created = await owner.PostAsync("/collections", new FormUrlEncodedContent(create));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var path = created.Headers.Location!.OriginalString;
        var page = await AccountsSite.ParseAsync(await owner.GetAsync(path));
        Assert.Equal("To read <soon>", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(["Collected paper one"], page.QuerySelectorAll("article.card .card-title").Select(t => t.TextContent.Trim()));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path + ".atom")).StatusCode);

        // From a card on the daily list: add the second paper, then take the first out.
        var listPath = $"/papers/date/{today:yyyy-MM-dd}";
        var list = await AccountsSite.ParseAsync(await owner.GetAsync(listPath));
        var addOther = AccountsSite.FormFields(list, $"article.card:has(a[href='/papers/{Other}']) form.collect-form");
        Assert.Equal("true", addOther["present"]);
        var added = await owner.PostAsync($"{path}/items", new FormUrlEncodedContent(addOther));
        Assert.Equal(listPath, added.Headers.Location!.OriginalString);
        list = await AccountsSite.ParseAsync(await owner.GetAsync(listPath));
        var removeFirst = AccountsSite.FormFields(list, $"article.card:has(a[href='/papers/{Id}']) form.collect-form");
        Assert.Equal("false", removeFirst["present"]);
        await owner.PostAsync($"{path}/items", new FormUrlEncodedContent(removeFirst));
        page = await AccountsSite.ParseAsync(await owner.GetAsync(path));
        Assert.Equal(["Collected paper two"], page.QuerySelectorAll("article.card .card-title").Select(t => t.TextContent.Trim()));

        // Someone else can neither see nor change it.
        var stranger = site.Client();
        await site.SignInAsync(stranger, "stranger@example.org");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(path)).StatusCode);
        var strangerForm = AccountsSite.FormFields(await AccountsSite.ParseAsync(await stranger.GetAsync("/collections")), "form.collection-form");
        strangerForm["arxivId"] = Id;
        strangerForm["present"] = "true";
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"{path}/items", new FormUrlEncodedContent(strangerForm))).StatusCode);

        // A public collection: page and Atom feed for anyone.
        var publicForm = await AccountsSite.GetFormAsync(owner, "/collections", "form.collection-form");
        publicForm["name"] = "Best of the week";
        publicForm["isPublic"] = "true";
        publicForm["arxivId"] = Other;
        var publicPath = (await owner.PostAsync("/collections", new FormUrlEncodedContent(publicForm))).Headers.Location!.OriginalString;
        Assert.Contains("Collected paper two", await anonymous.GetStringAsync(publicPath), StringComparison.Ordinal);
        var feed = XDocument.Parse(await anonymous.GetStringAsync(publicPath + ".atom"));
        XNamespace atom = "http://www.w3.org/2005/Atom";
        Assert.Equal(["Collected paper two"], feed.Root!.Elements(atom + "entry").Select(e => e.Element(atom + "title")!.Value));

        // No antiforgery token, no change.
        var forged = await owner.PostAsync($"{path}/items", new FormUrlEncodedContent(new Dictionary<string, string> { ["arxivId"] = Id, ["present"] = "true" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_collection_name_with_a_control_character_is_refused_and_nothing_is_stored(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var client = site.Client();
        await site.SignInAsync(client, "nul@example.org");
        var form = await AccountsSite.GetFormAsync(client, "/collections", "form.collection-form");
        form["name"] = "To read\0";

        var refused = await client.PostAsync("/collections", AccountsSite.Multipart(form));

        Assert.Contains("contains a control character", await AccountsSite.RefusalAsync(refused), StringComparison.Ordinal);
        var account = (await site.Services.GetRequiredService<AccountStore>().FindByEmailAsync("nul@example.org"))!;
        Assert.Empty(await site.Services.GetRequiredService<CollectionStore>().ForUserAsync(account.Id, includePrivate: true));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_owner_renames_and_deletes_a_collection_from_its_page_and_nobody_else_can(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        await site.PutOnTodaysListAsync(PaperStoreTests.Sample(Id, title: "Kept paper one"), PaperStoreTests.Sample(Other, title: "Kept paper two"));
        var owner = site.Client();
        await site.SignInAsync(owner, "owner@example.org");
        var stranger = site.Client();
        await site.SignInAsync(stranger, "stranger@example.org");
        var anonymous = site.Client();
        var create = await AccountsSite.GetFormAsync(owner, "/collections", "form.collection-form");
        create["name"] = "Old name";
        create["isPublic"] = "true";
        create["arxivId"] = Id;
        var path = (await owner.PostAsync("/collections", new FormUrlEncodedContent(create))).Headers.Location!.OriginalString;
        var id = long.Parse(path["/collections/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var collections = site.Services.GetRequiredService<CollectionStore>();
        var ownerId = (await collections.GetAsync(id))!.UserId;
        Assert.True(await collections.SetAsync(id, ownerId, Other, present: true));

        // Only the owner's page has the forms.
        Assert.Null((await AccountsSite.ParseAsync(await anonymous.GetAsync(path))).QuerySelector("form.collection-delete-form, form.collection-edit-form"));
        Assert.Null((await AccountsSite.ParseAsync(await stranger.GetAsync(path))).QuerySelector("form.collection-delete-form, form.collection-edit-form"));

        // Rename and make private; a bad name is refused with the form kept.
        var edit = await AccountsSite.GetFormAsync(owner, path, "form.collection-edit-form");
        Assert.Equal("Old name", edit["name"]);
        edit["name"] = "  ";
        Assert.Contains("needs a name", await AccountsSite.RefusalAsync(await owner.PostAsync($"{path}/edit", new FormUrlEncodedContent(edit))), StringComparison.Ordinal);
        edit["name"] = "New name";
        edit.Remove("isPublic");
        Assert.Equal(path, (await owner.PostAsync($"{path}/edit", new FormUrlEncodedContent(edit))).Headers.Location!.OriginalString);
        Assert.Equal("New name", (await AccountsSite.ParseAsync(await owner.GetAsync(path))).QuerySelector("h1")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path)).StatusCode);

        // Someone else's valid form token does not reach another's collection; no token, no change.
        var strangerToken = (await AccountsSite.GetFormAsync(stranger, "/collections", "form.collection-form"))["__RequestVerificationToken"];
        var strangerFields = new Dictionary<string, string> { ["__RequestVerificationToken"] = strangerToken, ["name"] = "Mine now" };
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"{path}/edit", new FormUrlEncodedContent(strangerFields))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"{path}/delete", new FormUrlEncodedContent(strangerFields))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsync($"{path}/delete", new FormUrlEncodedContent(new Dictionary<string, string>()))).StatusCode);
        var anonymousDelete = await anonymous.PostAsync($"{path}/delete", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal("/signin", anonymousDelete.Headers.Location?.AbsolutePath);
        Assert.Equal("New name", (await collections.GetAsync(id))!.Name);

        // The owner deletes it: the page, the feed and its items are gone; the papers stay.
        var delete = await AccountsSite.GetFormAsync(owner, path, "form.collection-delete-form");
        var deleted = await owner.PostAsync($"{path}/delete", new FormUrlEncodedContent(delete));
        Assert.Equal("/collections?done=deleted", deleted.Headers.Location!.OriginalString);
        var list = await AccountsSite.ParseAsync(await owner.GetAsync(deleted.Headers.Location!.OriginalString));
        Assert.Contains("deleted", list.QuerySelector(".form-notice")!.TextContent, StringComparison.Ordinal);
        Assert.Null(list.QuerySelector($"a[href='{path}']"));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(path + ".atom")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync($"{path}/delete", new FormUrlEncodedContent(delete))).StatusCode);
        await using var connection = await site.Db.Database.OpenAsync();
        Assert.Equal(0, await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "SELECT count(*) FROM collection_items WHERE collection_id = @id", new { id }));
        Assert.Equal(2, await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "SELECT count(*) FROM papers WHERE arxiv_id IN (@Id, @Other)", new { Id, Other }));
    }
}
