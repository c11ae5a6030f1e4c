using System.Net;
using System.Text.Json;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Comments;
using DailyPapers.Papers;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>Comments: Markdown made safe, one level of replies, editing and deleting one's own, counts, limits.</summary>
public sealed class CommentTests
{
    private const string Id = "2401.00011";

    [Theory]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("[x](JaVaScRiPt:alert(1)) and <a href=\"javascript:alert(1)\">y</a>")]
    public void Hostile_Markdown_renders_without_markup_that_runs(string text)
    {
        // Parsed as a browser would: no element that loads or runs anything, no handler, no script link.
        var html = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<body>" + CommentMarkdown.ToHtml(text));
        var elements = html.Body!.QuerySelectorAll("*");
        Assert.NotEmpty(elements);
        Assert.All(elements, e =>
        {
            Assert.Contains(e.LocalName, (string[])["p", "a", "em", "strong", "code"]);
            Assert.DoesNotContain(e.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
            Assert.False(e.GetAttribute("href")?.Trim().StartsWith("javascript", StringComparison.OrdinalIgnoreCase) ?? false);
        });
    }

    [Fact]
    public void Markdown_formatting_and_safe_links_survive()
    {
        var html = CommentMarkdown.ToHtml("**bold** and [arXiv](https://arxiv.org/abs/2401.00011)");
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://arxiv.org/abs/2401.00011\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"nofollow ugc noopener\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Readers_comment_reply_one_level_deep_edit_and_delete_their_own(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var today = await site.PutOnTodaysListAsync(PaperStoreTests.Sample(Id));
        var alice = site.Client();
        await site.SignInAsync(alice, "alice@example.org");
        var bob = site.Client();
        await site.SignInAsync(bob, "bob@example.org");

        var form = await AccountsSite.GetFormAsync(alice, $"/papers/{Id}", "section.comments > form.comment-form");
        form["body"] = "First! **Nice** paper. <img src=x onerror=alert(1)> [x](javascript:alert(1))";
        var posted = await alice.PostAsync($"/comments/{Id}", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var anchor = posted.Headers.Location!.OriginalString;
        Assert.StartsWith($"/papers/{Id}#comment-", anchor, StringComparison.Ordinal);
        var topId = long.Parse(anchor[(anchor.IndexOf('-', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);

        var page = await AccountsSite.ParseAsync(await bob.GetAsync($"/papers/{Id}"));
        var top = page.QuerySelector($"#comment-{topId} .comment-body")!;
        Assert.Equal("Nice", top.QuerySelector("strong")!.TextContent);
        Assert.Null(top.QuerySelector("img"));
        Assert.Contains("<img src=x onerror=alert(1)>", top.TextContent, StringComparison.Ordinal);
        Assert.All(top.QuerySelectorAll("a"), a => Assert.False(a.GetAttribute("href")?.StartsWith("javascript", StringComparison.OrdinalIgnoreCase) ?? false));
        Assert.Null(page.QuerySelector($"#comment-{topId} .comment-actions")); // not Bob's

        // Bob replies, then replies to his reply: both land one level deep under Alice's comment.
        var reply = AccountsSite.FormFields(page, $"#comment-{topId} form.comment-form");
        reply["body"] = "Agreed.";
        var r1 = await bob.PostAsync($"/comments/{Id}", new FormUrlEncodedContent(reply));
        var replyId = long.Parse(r1.Headers.Location!.OriginalString.Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture);
        reply["parentId"] = replyId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        reply["body"] = "Also, see the appendix.";
        Assert.Equal(HttpStatusCode.Redirect, (await bob.PostAsync($"/comments/{Id}", new FormUrlEncodedContent(reply))).StatusCode);
        var comments = await site.Services.GetRequiredService<CommentStore>().ListAsync(Id);
        Assert.Equal([null, topId, topId], comments.Select(c => c.ParentId));

        // Bob cannot edit or delete Alice's comment; Alice can.
        var bobPage = await AccountsSite.ParseAsync(await bob.GetAsync($"/papers/{Id}"));
        var bobDelete = AccountsSite.FormFields(bobPage, $"#comment-{replyId} form.comment-delete-form");
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/comments/{topId}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/comments/{topId}/delete", new FormUrlEncodedContent(bobDelete))).StatusCode);
        var edit = await AccountsSite.GetFormAsync(alice, $"/comments/{topId}/edit", "form.comment-edit-form");
        edit["body"] = "Edited: *still* nice.";
        Assert.Equal(HttpStatusCode.Redirect, (await alice.PostAsync($"/comments/{topId}/edit", new FormUrlEncodedContent(edit))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await bob.PostAsync($"/comments/{replyId}/delete", new FormUrlEncodedContent(bobDelete))).StatusCode);

        var after = await AccountsSite.ParseAsync(await site.Client().GetAsync($"/papers/{Id}"));
        Assert.Equal("Comments (2)", after.QuerySelector("#comments-h")!.TextContent);
        Assert.Contains("still", after.QuerySelector($"#comment-{topId} .comment-body em")!.TextContent, StringComparison.Ordinal);
        Assert.Null(after.QuerySelector($"#comment-{replyId}"));
        Assert.NotNull(after.QuerySelector("a.comment-signin"));
        Assert.Null(after.QuerySelector("form.comment-form"));

        // Counts: the card, the daily API and the paper API.
        var list = await AccountsSite.ParseAsync(await site.Client().GetAsync($"/papers/date/{today:yyyy-MM-dd}"));
        Assert.Equal("2 comments", list.QuerySelector("article.card a.comment-count")!.TextContent);
        using var daily = JsonDocument.Parse(await site.Client().GetStringAsync($"/api/daily_papers?date={today:yyyy-MM-dd}"));
        Assert.Equal(2, daily.RootElement[0].GetProperty("numComments").GetInt32());
        using var paper = JsonDocument.Parse(await site.Client().GetStringAsync($"/api/papers/{Id}"));
        Assert.Equal(2, paper.RootElement.GetProperty("numComments").GetInt32());

        // No antiforgery token, no comment.
        var forged = await alice.PostAsync($"/comments/{Id}", new FormUrlEncodedContent(new Dictionary<string, string> { ["body"] = "forged" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(3, (await site.Services.GetRequiredService<CommentStore>().ListAsync(Id)).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Banned_readers_cannot_comment_and_comments_are_rate_limited(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?>
        {
            ["RateLimits:Comments:PermitLimit"] = "2",
            ["RateLimits:Comments:Window"] = "00:05:00",
        });
        await site.Services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests.Sample(Id));
        var client = site.Client();
        await site.SignInAsync(client, "talker@example.org");
        var form = await AccountsSite.GetFormAsync(client, $"/papers/{Id}", "section.comments > form.comment-form");
        form["body"] = "Hello";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync($"/comments/{Id}", new FormUrlEncodedContent(form))).StatusCode);
        form["body"] = "   ";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"/comments/{Id}", new FormUrlEncodedContent(form))).StatusCode);
        form["body"] = "Again";
        var limited = await client.PostAsync($"/comments/{Id}", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);

        var accounts = site.Services.GetRequiredService<AccountStore>();
        var spammer = site.Client();
        await site.SignInAsync(spammer, "spam@example.org");
        form = await AccountsSite.GetFormAsync(spammer, $"/papers/{Id}", "section.comments > form.comment-form");
        await accounts.SetBannedAsync((await accounts.FindByEmailAsync("spam@example.org"))!.Id, "spam");
        await site.SignInAsync(spammer, "spam@example.org"); // the ban ended the session; a banned reader may still sign in to read
        form["body"] = "Buy now";
        Assert.Equal(HttpStatusCode.Forbidden, (await spammer.PostAsync($"/comments/{Id}", new FormUrlEncodedContent(form))).StatusCode);
        Assert.Single(await site.Services.GetRequiredService<CommentStore>().ListAsync(Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_comment_or_edit_with_a_control_character_is_refused_and_nothing_is_stored(string provider)
    {
        // PostgreSQL cannot store U+0000 at all: the answer must be the form's message, on both providers.
        await using var site = await AccountsSite.StartAsync(provider);
        await site.Services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests.Sample(Id));
        var store = site.Services.GetRequiredService<CommentStore>();
        var client = site.Client();
        await site.SignInAsync(client, "nul@example.org");
        var form = await AccountsSite.GetFormAsync(client, $"/papers/{Id}", "section.comments > form.comment-form");

        form["body"] = "Hello\0world";
        var refused = await client.PostAsync($"/comments/{Id}", AccountsSite.Multipart(form));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("contains a control character", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"/comments/{Id}", new FormUrlEncodedContent(form))).StatusCode);
        Assert.Empty(await store.ListAsync(Id));

        // Tabs and line breaks are text; an edit that slips in a NUL is refused and the comment stays as it was.
        form["body"] = "Line one\r\n\tLine two";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync($"/comments/{Id}", AccountsSite.Multipart(form))).StatusCode);
        var commentId = Assert.Single(await store.ListAsync(Id)).Id;
        var edit = await AccountsSite.GetFormAsync(client, $"/comments/{commentId}/edit", "form.comment-edit-form");
        edit["body"] = "Edited\0";
        var editRefused = await client.PostAsync($"/comments/{commentId}/edit", AccountsSite.Multipart(edit));
        Assert.Contains("contains a control character", await AccountsSite.RefusalAsync(editRefused), StringComparison.Ordinal);
        Assert.Equal("Line one\r\n\tLine two", (await store.GetAsync(commentId))!.Body);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Edits_count_against_the_comments_limit_and_a_deleted_comment_takes_no_replies(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?>
        {
            ["RateLimits:Comments:PermitLimit"] = "3",
            ["RateLimits:Comments:Window"] = "00:05:00",
        });
        await site.Services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests.Sample(Id));
        var store = site.Services.GetRequiredService<CommentStore>();
        var alice = site.Client();
        await site.SignInAsync(alice, "alice@example.org");
        var (bob, _) = await site.Services.GetRequiredService<AccountStore>().GetOrCreateByEmailAsync("bob@example.org");
        var top = (await store.AddAsync(Id, bob.Id, null, "Spam", "<p>Spam</p>")).Id;
        var answer = (await store.AddAsync(Id, bob.Id, top, "More spam", "<p>More spam</p>")).Id;
        var page = await AccountsSite.ParseAsync(await alice.GetAsync($"/papers/{Id}"));
        var reply = AccountsSite.FormFields(page, $"#comment-{top} form.comment-form");

        // A moderator deletes the first comment: a reply to it, or to a reply under it, would bring the thread back.
        Assert.True(await store.DeleteAsync(top, null));
        foreach (var parent in new[] { top, answer })
        {
            reply["parentId"] = parent.ToString(System.Globalization.CultureInfo.InvariantCulture);
            reply["body"] = "Reviving this";
            var refused = await alice.PostAsync($"/comments/{Id}", new FormUrlEncodedContent(reply));
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var form = await AccountsSite.ParseAsync(refused);
            Assert.Contains("has been deleted", form.QuerySelector(".form-error")!.TextContent, StringComparison.Ordinal);
            // The text stays, offered as a comment of its own.
            Assert.Equal("Reviving this", form.QuerySelector("form.comment-form textarea[name=body]")!.TextContent);
            Assert.Null(form.QuerySelector("form.comment-form input[name=parentId]"));
        }
        Assert.Equal([top, answer], (await store.ListAsync(Id)).Select(c => c.Id));

        // Edits share the comments budget (3 here; the two refused replies took two of it): one more, then 429.
        var own = (await store.AddAsync(Id, (await site.Services.GetRequiredService<AccountStore>().FindByEmailAsync("alice@example.org"))!.Id,
            null, "Mine", "<p>Mine</p>")).Id;
        var edit = await AccountsSite.GetFormAsync(alice, $"/comments/{own}/edit", "form.comment-edit-form");
        edit["body"] = "Mine, edited";
        Assert.Equal(HttpStatusCode.Redirect, (await alice.PostAsync($"/comments/{own}/edit", new FormUrlEncodedContent(edit))).StatusCode);
        edit["body"] = "Mine, edited again";
        var limited = await alice.PostAsync($"/comments/{own}/edit", new FormUrlEncodedContent(edit));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal("Mine, edited", (await store.GetAsync(own))!.Body);
    }
}
