using DailyPapers.Community.Accounts;
using DailyPapers.Community.Collections;
using DailyPapers.Community.Comments;
using DailyPapers.Community.Submissions;
using DailyPapers.Papers;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>The public profile lists what the reader submitted, wrote and collected in public.</summary>
public sealed class ProfileActivityTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_profile_shows_submissions_comments_and_public_collections(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var now = site.Clock.GetUtcNow().UtcDateTime;
        await site.Services.GetRequiredService<PaperStore>().UpsertAsync(
            PaperStoreTests.Sample("2401.00051", title: "Submitted by the profile owner") with { PublishedAt = now.AddDays(-1) });
        var (account, _) = await site.Services.GetRequiredService<AccountStore>().GetOrCreateByEmailAsync("active@example.org");
        Assert.Equal(SubmissionOutcome.Added, (await site.Services.GetRequiredService<SubmissionService>().SubmitAsync("2401.00051", account.Id)).Outcome);
        await site.Services.GetRequiredService<CommentStore>().AddAsync("2401.00051", account.Id, null, "Worth a *look*.", CommentMarkdown.ToHtml("Worth a *look*."));
        var collections = site.Services.GetRequiredService<CollectionStore>();
        await collections.CreateAsync(account.Id, "Shared list", isPublic: true);
        await collections.CreateAsync(account.Id, "Secret list", isPublic: false);

        var page = await AccountsSite.ParseAsync(await site.Client().GetAsync($"/users/{account.Handle}"));
        Assert.Equal("Submitted by the profile owner", page.QuerySelector(".profile-submissions a")!.TextContent);
        Assert.Equal("look", page.QuerySelector(".profile-comments .comment-body em")!.TextContent);
        Assert.Equal(["Shared list"], page.QuerySelectorAll(".profile-section .collection-list a").Select(a => a.TextContent));
    }
}
