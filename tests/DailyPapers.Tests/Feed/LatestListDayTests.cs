using DailyPapers.Community.Moderation;
using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Feed;

/// <summary>The home page's day: the most recent list that has a visible paper.</summary>
public sealed class LatestListDayTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_latest_day_skips_lists_whose_papers_are_all_hidden(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var papers = site.Services.GetRequiredService<PaperStore>();
        var lists = site.Services.GetRequiredService<DailyListStore>();
        await papers.UpsertAsync(PaperStoreTests.Sample("2603.00041", title: "Listed on the ninth"));
        await papers.UpsertAsync(PaperStoreTests.Sample("2603.00042", title: "Listed on the tenth"));
        var now = site.Clock.GetUtcNow().UtcDateTime;
        var ninth = new DateOnly(2030, 3, 9);
        var tenth = ninth.AddDays(1);
        await WriteAsync(site, (c, tx) => DailyListStore.AddAsync(c, tx, "2603.00041", ninth, now, null));
        await WriteAsync(site, (c, tx) => DailyListStore.AddAsync(c, tx, "2603.00042", tenth, now, null));
        Assert.Equal(tenth, await lists.LatestDateAsync());

        await WriteAsync(site, (c, tx) => ModerationStore.SetHiddenAsync(c, tx, "2603.00042", hidden: true));
        Assert.Equal(ninth, await lists.LatestDateAsync());

        await WriteAsync(site, (c, tx) => ModerationStore.SetHiddenAsync(c, tx, "2603.00042", hidden: false));
        Assert.Equal(tenth, await lists.LatestDateAsync());
    }

    private static async Task WriteAsync(AccountsSite site, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task> write)
    {
        await using var connection = await site.Db.Database.OpenAsync();
        await using var tx = await site.Db.Database.BeginWriteAsync(connection);
        await write(connection, tx);
        await tx.CommitAsync();
    }
}
