using System.Net;
using Dapper;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Comments;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Storage;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DailyPapers.Tests.Community;

/// <summary>
/// Comments are rendered once, when written: a text Markdig cannot render (it throws on deep nesting) is refused with
/// its form, and a stored comment that cannot be rendered shows a placeholder instead of breaking the page for everyone.
/// </summary>
public sealed class CommentRenderingTests
{
    private const string Id = "2401.00012";

    /// <summary>Texts that make Markdig throw "too deeply nested": about 130 nested quotes, or 10,000 brackets.</summary>
    public static TheoryData<string> TooDeep => new() { new string('>', 130) + " deep", new string('[', 10_000) };

    [Theory]
    [MemberData(nameof(TooDeep))]
    public void Deeply_nested_text_cannot_be_rendered_and_is_refused_before_it_is_stored(string text)
    {
        Assert.ThrowsAny<Exception>(() => CommentMarkdown.ToHtml(text));
        Assert.False(CommentMarkdown.TryToHtml(text, out var html, out var failure));
        Assert.NotNull(failure);
        Assert.Equal(CommentMarkdown.UnavailableHtml, html);
        Assert.Equal(CommentMarkdown.RenderError, CommentMarkdown.Prepare(text, out _));

        Assert.Null(CommentMarkdown.Prepare("*fine*", out var fine));
        Assert.Equal("<p><em>fine</em></p>", fine.Trim());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_comment_that_cannot_be_rendered_is_refused_at_post_and_edit_and_the_form_keeps_the_text(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        await site.Services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests.Sample(Id));
        var store = site.Services.GetRequiredService<CommentStore>();
        var client = site.Client();
        await site.SignInAsync(client, "nester@example.org");
        var deep = new string('>', 130) + " deep";

        var form = await AccountsSite.GetFormAsync(client, $"/papers/{Id}", "section.comments > form.comment-form");
        form["body"] = deep;
        var refused = await client.PostAsync($"/comments/{Id}", new FormUrlEncodedContent(form));
        Assert.Contains("nests too deeply", await AccountsSite.RefusalAsync(refused), StringComparison.Ordinal);
        var again = await AccountsSite.ParseAsync(refused);
        Assert.Equal(deep, again.QuerySelector("form.comment-form textarea[name=body]")!.TextContent);
        Assert.Empty(await store.ListAsync(Id));

        // The refusal's own form posts the corrected text.
        var retry = AccountsSite.FormFields(again, "form.comment-form");
        retry["body"] = "> a quote, once";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync($"/comments/{Id}", new FormUrlEncodedContent(retry))).StatusCode);
        var comment = Assert.Single(await store.ListAsync(Id));
        Assert.Contains("<blockquote>", comment.Html, StringComparison.Ordinal);

        // A reply is refused the same way, and its form still answers the same comment.
        var page = await AccountsSite.ParseAsync(await client.GetAsync($"/papers/{Id}"));
        var reply = AccountsSite.FormFields(page, $"#comment-{comment.Id} form.comment-form");
        reply["body"] = new string('[', 10_000);
        var replyRefused = await AccountsSite.ParseAsync(await client.PostAsync($"/comments/{Id}", new FormUrlEncodedContent(reply)));
        Assert.Equal(comment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            replyRefused.QuerySelector("form.comment-form input[name=parentId]")!.GetAttribute("value"));
        Assert.Single(await store.ListAsync(Id));

        // An edit: refused with the message, the text kept in the form, the comment as it was.
        var edit = await AccountsSite.GetFormAsync(client, $"/comments/{comment.Id}/edit", "form.comment-edit-form");
        edit["body"] = deep;
        var editRefused = await client.PostAsync($"/comments/{comment.Id}/edit", new FormUrlEncodedContent(edit));
        Assert.Contains("nests too deeply", await AccountsSite.RefusalAsync(editRefused), StringComparison.Ordinal);
        Assert.Equal(deep, (await AccountsSite.ParseAsync(editRefused)).QuerySelector("textarea[name=body]")!.TextContent);
        Assert.Equal("> a quote, once", (await store.GetAsync(comment.Id))!.Body);
        Assert.Equal(HttpStatusCode.OK, (await site.Client().GetAsync($"/papers/{Id}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stored_comment_that_cannot_be_rendered_shows_a_placeholder_and_pages_show_the_stored_HTML(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        await site.Services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests.Sample(Id));
        var (author, _) = await site.Services.GetRequiredService<AccountStore>().GetOrCreateByEmailAsync("old@example.org");
        // As a release before migration 0011 stored them: the text only.
        await InsertWithoutHtmlAsync(site.Db.Database, author.Id, new string('>', 130) + " deep");
        var fine = await InsertWithoutHtmlAsync(site.Db.Database, author.Id, "Still *fine*.");

        foreach (var path in (string[])[$"/papers/{Id}", $"/users/{author.Handle}"])
        {
            var response = await site.Client().GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await AccountsSite.ParseAsync(response);
            Assert.Contains(page.QuerySelectorAll(".comment-body"), b => b.QuerySelector(".comment-unavailable") is not null);
            Assert.Contains(page.QuerySelectorAll(".comment-body em"), e => e.TextContent == "fine");
        }

        // Pages show the HTML stored with the comment, not a fresh rendering of its text.
        await using (var connection = await site.Db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE comments SET body_html = '<p>from the store</p>' WHERE id = @fine", new { fine });
        }
        var stored = await AccountsSite.ParseAsync(await site.Client().GetAsync($"/papers/{Id}"));
        Assert.Equal("from the store", stored.QuerySelector($"#comment-{fine} .comment-body")!.TextContent.Trim());

        // A writer that changes only the text (an older node in a rolling upgrade) gets the comment rendered again.
        await using (var connection = await site.Db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE comments SET body = 'Changed *text*.' WHERE id = @fine", new { fine });
            Assert.Null(await connection.ExecuteScalarAsync<string?>("SELECT body_html FROM comments WHERE id = @fine", new { fine }));
        }
        var changed = await AccountsSite.ParseAsync(await site.Client().GetAsync($"/papers/{Id}"));
        Assert.Equal("text", changed.QuerySelector($"#comment-{fine} .comment-body em")!.TextContent);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Comments_written_before_migration_0011_get_their_HTML_stored_after_start_up(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var runner = new MigrationRunner(db.Database, NullLogger<MigrationRunner>.Instance);
        await runner.MigrateAsync(targetVersion: 10);
        await using var services = db.Services();
        await OldSchemaPapers.InsertAsync(db.Database, PaperStoreTests.Sample(Id));
        var (author, _) = await services.GetRequiredService<AccountStore>().GetOrCreateByEmailAsync("old@example.org");
        long[] ids;
        await using (var connection = await db.Database.OpenAsync())
        {
            // Without body_html: the columns a release before 0011 wrote.
            ids = (await connection.QueryAsync<long>(
                "INSERT INTO comments (arxiv_id, user_id, body, created_at) VALUES (@Id, @author, 'Plain **bold**', @now), " +
                "(@Id, @author, @deep, @now), (@Id, @author, 'Deleted', @now) RETURNING id",
                new { Id, author = author.Id, deep = new string('[', 10_000), now = DateTime.UtcNow })).Order().ToArray();
            await connection.ExecuteAsync("UPDATE comments SET body = '', deleted_at = @now WHERE id = @id", new { id = ids[2], now = DateTime.UtcNow });
        }
        Assert.Contains(11, (await runner.MigrateAsync()).Select(m => m.Version));

        // What the web host runs after start-up; the comment that cannot be rendered is logged with its number.
        var log = new RecordingLogger<CommentStore>();
        var backfill = new CommentHtmlBackfill(new CommentStore(db.Database, TimeProvider.System, log), NullLogger<CommentHtmlBackfill>.Instance);
        await backfill.StartAsync(CancellationToken.None);
        await backfill.ExecuteTask!;

        await using (var connection = await db.Database.OpenAsync())
        {
            var html = (await connection.QueryAsync<(long Id, string? Html)>("SELECT id, body_html FROM comments ORDER BY id")).ToDictionary(r => r.Id, r => r.Html);
            Assert.Equal("<p>Plain <strong>bold</strong></p>", html[ids[0]]!.Trim());
            Assert.Equal(CommentMarkdown.UnavailableHtml, html[ids[1]]);
            Assert.Null(html[ids[2]]);
        }
        var entry = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains($"Comment {ids[1]} cannot be rendered", entry.Message, StringComparison.Ordinal);
        Assert.Null(await services.GetRequiredService<CommentStore>().RenderMissingAsync(0, 100));
    }

    private static async Task<long> InsertWithoutHtmlAsync(Database database, long userId, string body)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO comments (arxiv_id, user_id, body, created_at) VALUES (@Id, @userId, @body, @now) RETURNING id",
            new { Id, userId, body, now = DateTime.UtcNow });
    }

    /// <summary>Keeps what was logged, formatted, for assertions.</summary>
    private sealed class RecordingLogger<T> : ILogger<T>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
