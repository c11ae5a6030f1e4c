using System.Net;
using DailyPapers.Community;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Collections;
using DailyPapers.Community.Comments;
using DailyPapers.Papers;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>
/// Invisible formatting characters (Unicode Cf): a name cannot be made to display as something else
/// (<c>"\u202Enimda"</c> shows as "admin") or as nothing, while scripts and emoji that need joiners still work.
/// </summary>
public sealed class ReaderTextTests
{
    private const string Invisible = "invisible formatting character";

    [Theory]
    [InlineData("\u202Enimda")] // right-to-left override: displays as "admin"
    [InlineData("ad\u2066min\u2069")] // isolate
    [InlineData("ad\u200Bmin")] // zero-width space
    [InlineData("\u200B")]
    [InlineData("\u200D")] // a joiner joining nothing
    [InlineData("name\u200C")]
    [InlineData("\uFEFFname")] // byte order mark
    [InlineData("soft\u00ADhyphen")]
    [InlineData("tag\U000E0041")] // a tag character, outside the BMP
    [InlineData("ad\u200Emin")] // left-to-right mark
    public void One_line_fields_refuse_format_characters(string text)
    {
        Assert.True(ReaderText.HasFormatCharacter(text));
        Assert.Contains(Invisible, ReaderText.ControlCharacterError(text, "The name"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("می\u200Cخواهم")] // Persian: a zero-width non-joiner inside a word
    [InlineData("क्\u200Dष")] // Devanagari: a joiner after a virama
    [InlineData("👩\u200D💻 Ada")] // an emoji sequence
    [InlineData("❤\uFE0F\u200D🔥")] // a variation selector then a joiner
    [InlineData("Zoë Ngô 李雷 Ωmega")]
    public void Names_in_any_script_and_emoji_sequences_are_accepted(string text)
    {
        Assert.Null(ReaderText.ControlCharacterError(text, "The name"));
    }

    [Fact]
    public void Comments_refuse_only_the_direction_controls()
    {
        foreach (var refused in (string[])["See \u202Egnp.exe", "a\u202Ab\u202C", "x\u2067y\u2069"])
        {
            Assert.Contains(Invisible, ReaderText.ControlCharacterError(refused, "The comment", multiline: true), StringComparison.Ordinal);
        }
        foreach (var accepted in (string[])["soft\u00ADhyphen", "\u200F(RTL mark)", "ad\u200Bmin", "👩\u200D💻\r\n\tline two"])
        {
            Assert.Null(ReaderText.ControlCharacterError(accepted, "The comment", multiline: true));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Display_collection_and_token_names_and_comments_refuse_them_with_the_fields_message(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        await site.Services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests.Sample("2401.00081"));
        var client = site.Client();
        await site.SignInAsync(client, "spoof@example.org");
        var account = (await site.Services.GetRequiredService<AccountStore>().FindByEmailAsync("spoof@example.org"))!;

        var settings = await AccountsSite.GetFormAsync(client, "/settings", "form.account-form");
        settings["displayName"] = "\u202Enimda";
        var name = await client.PostAsync("/settings", new FormUrlEncodedContent(settings));
        Assert.Contains("The display name contains an " + Invisible, await AccountsSite.RefusalAsync(name, "#displayName-error"), StringComparison.Ordinal);
        Assert.Equal(account.DisplayName, (await site.Services.GetRequiredService<AccountStore>().FindByIdAsync(account.Id))!.DisplayName);

        var collection = await AccountsSite.GetFormAsync(client, "/collections", "form.collection-form");
        collection["name"] = "Reading\u200B";
        var refusedCollection = await client.PostAsync("/collections", new FormUrlEncodedContent(collection));
        Assert.Contains("The name contains an " + Invisible, await AccountsSite.RefusalAsync(refusedCollection), StringComparison.Ordinal);
        Assert.Empty(await site.Services.GetRequiredService<CollectionStore>().ForUserAsync(account.Id, includePrivate: true));

        var token = await AccountsSite.GetFormAsync(client, "/settings/tokens", "form.account-form");
        token["name"] = "\u2066script\u2069";
        var refusedToken = await client.PostAsync("/settings/tokens", new FormUrlEncodedContent(token));
        Assert.Contains("The name contains an " + Invisible, await AccountsSite.RefusalAsync(refusedToken), StringComparison.Ordinal);
        Assert.Empty(await site.Services.GetRequiredService<ApiTokenStore>().ListAsync(account.Id));

        // A comment: a direction override is refused, a joiner in an emoji sequence is text.
        var comment = await AccountsSite.GetFormAsync(client, "/papers/2401.00081", "section.comments > form.comment-form");
        comment["body"] = "Looks fine: \u202Etxt.exe";
        var refusedComment = await client.PostAsync("/comments/2401.00081", new FormUrlEncodedContent(comment));
        Assert.Contains("The comment contains an " + Invisible, await AccountsSite.RefusalAsync(refusedComment), StringComparison.Ordinal);
        comment["body"] = "Great work 👩\u200D💻";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/comments/2401.00081", new FormUrlEncodedContent(comment))).StatusCode);
        Assert.Equal("Great work 👩\u200D💻", Assert.Single(await site.Services.GetRequiredService<CommentStore>().ListAsync("2401.00081")).Body);

        // A name in a script that needs a joiner is saved.
        settings = await AccountsSite.GetFormAsync(client, "/settings", "form.account-form");
        settings["displayName"] = "می\u200Cخواهم";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/settings", new FormUrlEncodedContent(settings))).StatusCode);
        Assert.Equal("می\u200Cخواهم", (await site.Services.GetRequiredService<AccountStore>().FindByIdAsync(account.Id))!.DisplayName);
    }
}
