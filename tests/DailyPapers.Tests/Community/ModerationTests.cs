using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Comments;
using DailyPapers.Papers;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>Authorship claims and moderation: approve a claim, hide a paper, delete a comment, ban, all in the audit log.</summary>
public sealed class ModerationTests
{
    private const string Id = "2401.00061";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_claim_is_approved_and_every_moderator_action_is_logged(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var today = await site.PutOnTodaysListAsync(PaperStoreTests.Sample(Id));
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var author = site.Client();
        await site.SignInAsync(author, "blake@example.org");
        var authorAccount = (await accounts.FindByEmailAsync("blake@example.org"))!;
        var moderator = site.Client();
        await site.SignInAsync(moderator, "mod@example.org");
        await accounts.SetRoleAsync((await accounts.FindByEmailAsync("mod@example.org"))!.Id, UserRole.Moderator);

        // The reader claims to be the second author; readers cannot open the moderation pages.
        var claim = await AccountsSite.GetFormAsync(author, $"/papers/{Id}", "form.claim-form");
        claim["position"] = "1";
        Assert.Equal(HttpStatusCode.OK, (await author.PostAsync($"/claims/{Id}", new FormUrlEncodedContent(claim))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await author.GetAsync("/moderation")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await author.GetAsync("/moderation/log")).StatusCode);

        // The moderator approves it: the author's name links to the profile, marked verified.
        var desk = await AccountsSite.ParseAsync(await moderator.GetAsync("/moderation"));
        var decision = AccountsSite.FormFields(desk, "li.claim form.claim-decision");
        decision["decision"] = "approve";
        var action = desk.QuerySelector("li.claim form.claim-decision")!.GetAttribute("action")!;
        Assert.Equal(HttpStatusCode.Redirect, (await moderator.PostAsync(action, new FormUrlEncodedContent(decision))).StatusCode);
        var paper = await AccountsSite.ParseAsync(await site.Client().GetAsync($"/papers/{Id}"));
        var verified = paper.QuerySelector(".author-list a.verified-author")!;
        Assert.Equal(("Blake Bordelon", $"/users/{authorAccount.Handle}"), (verified.TextContent, verified.GetAttribute("href")));
        var profile = await AccountsSite.ParseAsync(await site.Client().GetAsync($"/users/{authorAccount.Handle}"));
        Assert.NotNull(profile.QuerySelector($".profile-claimed a[href='/papers/{Id}']"));

        // Delete a comment, ban its writer, hide the paper.
        var commentId = (await site.Services.GetRequiredService<CommentStore>().AddAsync(Id, authorAccount.Id, null, "spam spam", "<p>spam spam</p>")).Id;
        var delete = AccountsSite.FormFields(desk, "form.delete-comment-form");
        delete["commentId"] = commentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        delete["reason"] = "spam";
        Assert.Equal(HttpStatusCode.Redirect, (await moderator.PostAsync("/moderation/comments", new FormUrlEncodedContent(delete))).StatusCode);
        Assert.True((await site.Services.GetRequiredService<CommentStore>().GetAsync(commentId))!.IsDeleted);

        var voteForm = AccountsSite.FormFields(await AccountsSite.ParseAsync(await author.GetAsync($"/papers/{Id}")), "form.vote-form");
        // These forms have radio buttons: send the fields by hand, with the page's antiforgery token.
        var token = delete["__RequestVerificationToken"];
        var ban = new Dictionary<string, string> { ["__RequestVerificationToken"] = token };
        ban["handle"] = authorAccount.Handle;
        ban["reason"] = "spamming comments";
        ban["ban"] = "true";
        Assert.Equal(HttpStatusCode.Redirect, (await moderator.PostAsync("/moderation/bans", new FormUrlEncodedContent(ban))).StatusCode);
        await site.SignInAsync(author, "blake@example.org"); // the ban ended the session; a banned reader may still sign in to read
        Assert.Equal(HttpStatusCode.Forbidden, (await author.PostAsync($"/vote/{Id}", new FormUrlEncodedContent(voteForm))).StatusCode);

        var hide = new Dictionary<string, string> { ["__RequestVerificationToken"] = token };
        hide["arxivId"] = Id;
        hide["hidden"] = "true";
        hide["reason"] = "not a paper";
        Assert.Equal(HttpStatusCode.Redirect, (await moderator.PostAsync("/moderation/papers", new FormUrlEncodedContent(hide))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client().GetAsync($"/papers/{Id}")).StatusCode);
        var list = await AccountsSite.ParseAsync(await site.Client().GetAsync($"/papers/date/{today:yyyy-MM-dd}"));
        Assert.Null(list.QuerySelector($"a[href='/papers/{Id}']"));

        var log = await AccountsSite.ParseAsync(await moderator.GetAsync("/moderation/log"));
        Assert.Equal(["hide-paper", "ban", "delete-comment", "approve-claim"],
            log.QuerySelectorAll("table.audit-log tbody tr td:nth-child(3)").Select(td => td.TextContent));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reason_or_handle_with_a_control_character_is_refused_and_nothing_is_logged(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        await site.Services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests.Sample(Id));
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var moderator = site.Client();
        await site.SignInAsync(moderator, "mod@example.org");
        await accounts.SetRoleAsync((await accounts.FindByEmailAsync("mod@example.org"))!.Id, UserRole.Moderator);
        var (reader, _) = await accounts.GetOrCreateByEmailAsync("reader@example.org");
        var token = AccountsSite.FormFields(await AccountsSite.ParseAsync(await moderator.GetAsync("/moderation")), "form.delete-comment-form")["__RequestVerificationToken"];

        var attempts = new (string Path, Dictionary<string, string> Fields)[]
        {
            ("/moderation/papers", new() { ["arxivId"] = Id, ["hidden"] = "true", ["reason"] = "not\0a paper" }),
            ("/moderation/bans", new() { ["handle"] = reader.Handle, ["ban"] = "true", ["reason"] = "spam\0" }),
            ("/moderation/bans", new() { ["handle"] = reader.Handle + "\0", ["ban"] = "true", ["reason"] = "spam" }),
        };
        foreach (var (path, fields) in attempts)
        {
            fields["__RequestVerificationToken"] = token;
            var response = await moderator.PostAsync(path, AccountsSite.Multipart(fields));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await site.Client().GetAsync($"/papers/{Id}")).StatusCode);
        Assert.Null((await accounts.FindByIdAsync(reader.Id))!.BannedAt);
        var log = await AccountsSite.ParseAsync(await moderator.GetAsync("/moderation/log"));
        Assert.Empty(log.QuerySelectorAll("table.audit-log tbody tr"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_claim_API_takes_an_author_id_from_the_paper_API(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        await site.Services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests.Sample(Id));
        var account = (await site.Services.GetRequiredService<AccountStore>().GetOrCreateByEmailAsync("tanishq@example.org")).Account;
        var (token, _) = await site.Services.GetRequiredService<ApiTokenStore>().CreateAsync(account.Id, "script");
        var api = site.Client();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var paper = JsonDocument.Parse(await api.GetStringAsync($"/api/papers/{Id}"));
        var authorId = paper.RootElement.GetProperty("authors")[0].GetProperty("_id").GetString();

        var claimed = await api.PostAsJsonAsync("/api/settings/papers/claim", new { paperId = Id, claimAuthorId = authorId });
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal("pending", (await claimed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsJsonAsync("/api/settings/papers/claim", new { paperId = Id, claimAuthorId = authorId })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/api/settings/papers/claim", new { paperId = Id, claimAuthorId = "nobody" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync("/api/settings/papers/claim", new { paperId = Id, claimAuthorId = authorId, targetUserId = "someone-else" })).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_moderator_change_and_its_audit_line_commit_together_or_not_at_all(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        await services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests.Sample(Id));
        var log = services.GetRequiredService<DailyPapers.Community.Moderation.ModerationStore>();
        var moderator = await CreateUserAsync(db, "mod");

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => log.ActAsync(moderator, "hide-paper", Id, null, async (c, tx) =>
        {
            await DailyPapers.Community.Moderation.ModerationStore.SetHiddenAsync(c, tx, Id, true);
            throw new InvalidOperationException("the node died between the change and its audit line");
        }));
        var nothing = await log.ActAsync(moderator, "hide-paper", "2401.99999", null,
            (c, tx) => DailyPapers.Community.Moderation.ModerationStore.SetHiddenAsync(c, tx, "2401.99999", true));
        var done = await log.ActAsync(moderator, "hide-paper", Id, "spam",
            (c, tx) => DailyPapers.Community.Moderation.ModerationStore.SetHiddenAsync(c, tx, Id, true));

        Assert.False(nothing);
        Assert.True(done);
        Assert.True((await services.GetRequiredService<PaperStore>().GetAsync(Id))!.Hidden);
        var entries = await log.ListAsync(10);
        Assert.Equal(("hide-paper", Id, "spam"), (Assert.Single(entries).Action, entries[0].Target, entries[0].Reason));
    }

    private static async Task<long> CreateUserAsync(TestDatabase db, string handle)
    {
        await using var connection = await db.Database.OpenAsync();
        await using var tx = await db.Database.BeginWriteAsync(connection);
        var id = await DailyPapers.Community.UserStore.EnsureAsync(connection, tx, handle, handle, DateTime.UtcNow);
        await tx.CommitAsync();
        return id;
    }
}
