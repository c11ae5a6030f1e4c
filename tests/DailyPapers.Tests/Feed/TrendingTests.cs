using System.Text.Json;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Votes;
using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Feed;

/// <summary>Trending: votes that lose half their weight a day, on /trending and in sort=trending.</summary>
public sealed class TrendingTests
{
    private static readonly DateTime Now = new(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_vote_weighs_one_when_cast_and_half_a_day_later()
    {
        Assert.Equal(1, TrendingScore.Of(0, Now, [Now], Now), 6);
        Assert.Equal(0.5, TrendingScore.Of(0, Now, [Now.AddHours(-24)], Now), 6);
        // Votes without a time (seeded, imported) count as cast when the paper went on the list.
        Assert.Equal(10 * 0.25 + 1, TrendingScore.Of(11, Now.AddHours(-48), [Now], Now), 6);
        Assert.True(TrendingScore.Of(3, Now, [], Now) > TrendingScore.Of(20, Now.AddDays(-7), [], Now));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Fresh_votes_outrank_more_but_older_votes_on_the_page_and_in_the_API(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var papers = site.Services.GetRequiredService<PaperStore>();
        await papers.UpsertAsync(PaperStoreTests.Sample("2401.00031", title: "Voted for long ago"));
        await papers.UpsertAsync(PaperStoreTests.Sample("2401.00032", title: "Voted for today"));
        var now = site.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        await using (var connection = await site.Db.Database.OpenAsync())
        await using (var tx = await site.Db.Database.BeginWriteAsync(connection))
        {
            await DailyListStore.AddAsync(connection, tx, "2401.00031", today, now.AddHours(-60), null);
            await DailyListStore.AddAsync(connection, tx, "2401.00032", today, now.AddHours(-60), null);
            await tx.CommitAsync();
        }
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var votes = site.Services.GetRequiredService<VoteStore>();
        var users = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            users.Add((await accounts.GetOrCreateByEmailAsync($"t{i}@example.org")).Account.Id);
        }
        // Four votes two days ago (worth 4 × 0.25 = 1 now), two votes now (worth 2).
        site.Clock.Advance(TimeSpan.FromHours(-48));
        foreach (var u in users)
        {
            await votes.SetAsync(u, "2401.00031", up: true);
        }
        site.Clock.Advance(TimeSpan.FromHours(48));
        await votes.SetAsync(users[0], "2401.00032", up: true);
        await votes.SetAsync(users[1], "2401.00032", up: true);

        var page = await AccountsSite.ParseAsync(await site.Client().GetAsync("/trending"));
        Assert.Equal(["Voted for today", "Voted for long ago"], page.QuerySelectorAll("ol.trending-list .card-title").Select(t => t.TextContent.Trim()));

        var client = site.Client();
        using var trending = JsonDocument.Parse(await client.GetStringAsync($"/api/daily_papers?date={today:yyyy-MM-dd}&sort=trending"));
        Assert.Equal(["2401.00032", "2401.00031"], trending.RootElement.EnumerateArray().Select(e => e.GetProperty("paper").GetProperty("id").GetString()));
        var ranked = await AccountsSite.ParseAsync(await client.GetAsync($"/papers/date/{today:yyyy-MM-dd}"));
        Assert.Equal("Voted for long ago", ranked.QuerySelector("article.card .card-title")!.TextContent.Trim()); // the daily page ranks by upvotes
    }
}
