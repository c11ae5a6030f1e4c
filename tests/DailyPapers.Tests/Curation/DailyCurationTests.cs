using System.Net;
using Dapper;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Collections;
using DailyPapers.Community.Votes;
using DailyPapers.Curation;
using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Recommendations;
using DailyPapers.Search.Semantic;
using DailyPapers.Search.Sync;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Curation;

/// <summary>The curator's daily picks: the day's top papers by the readers' interest, once a day, each paper once, removable by a moderator.</summary>
public sealed class DailyCurationTests
{
    private static readonly DateOnly Day = new(2026, 7, 1);

    /// <summary>
    /// A paper announced on <paramref name="day"/> in cs.LG (or only cross-listed there), submitted to arXiv <paramref name="hour"/> hours
    /// into the day before, by an author of its own (a shared author would make every paper like a reader's).
    /// </summary>
    private static Paper New(string id, string title, DateOnly day, int hour = 0, string primary = "cs.LG") =>
        PaperStoreTests.Sample(id, title: title) with
        {
            Abstract = "An abstract about nothing in particular.",
            Authors = [new($"Author {id}")],
            PrimaryCategory = primary,
            Categories = primary == "cs.LG" ? ["cs.LG"] : [primary, "cs.LG"],
            AnnouncedOn = day,
            PublishedAt = day.AddDays(-1).ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc),
        };

    private static async Task StoreAsync(AccountsSite site, params Paper[] papers)
    {
        foreach (var paper in papers)
        {
            await site.Services.GetRequiredService<PaperStore>().UpsertAsync(paper);
        }
    }

    private static async Task<List<DailyEntry>> ListAsync(AccountsSite site, DateOnly day) => (await site.Services.GetRequiredService<DailyListStore>()
        .ListAsync(new ListPeriod(PeriodKind.Day, day, day), DailySort.Rank, 0, 100, DateTime.UtcNow)).ToList();

    private static async Task SubscribeAsync(AccountsSite site, string email, string topics)
    {
        await using var connection = await site.Db.Database.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO digest_subscriptions (email, email_key, frequency, topics, status, created_at, updated_at) VALUES (@email, @email, 'daily', @topics, 'active', @now, @now)",
            new { email, topics, now = DateTime.UtcNow });
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Curation_lists_the_days_top_papers_once_and_a_second_run_lists_nothing_twice(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?> { ["Curation:DailyCount"] = "3" });
        await StoreAsync(site,
            New("2607.00001", "Graph neural networks for molecules", Day, hour: 1),
            New("2607.00002", "Scaling graph neural networks", Day, hour: 2),
            New("2607.00003", "A plain paper", Day, hour: 9),
            New("2607.00004", "A voted paper", Day),
            New("2607.00005", "A paper with one vote", Day),
            New("2607.00006", "A cross-listed paper", Day, hour: 10, primary: "math.ST"));
        // Readers: a subscription whose topic matches two papers (another's matches none), and votes.
        await SubscribeAsync(site, "topics@example.org", "graph neural\ncat:q-bio.BM");
        await SubscribeAsync(site, "other@example.org", "quantum chemistry");
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var votes = site.Services.GetRequiredService<VoteStore>();
        foreach (var (email, ids) in new[] { ("a@example.org", new[] { "2607.00004", "2607.00005" }), ("b@example.org", new[] { "2607.00004" }) })
        {
            var (reader, _) = await accounts.GetOrCreateByEmailAsync(email);
            foreach (var id in ids)
            {
                await votes.SetAsync(reader.Id, id, up: true);
            }
        }
        var curation = site.Services.GetRequiredService<DailyCuration>();

        var first = Assert.Single(await curation.RunAsync());

        Assert.Equal((Day, 6, 3, 2), (first.AnnouncedOn, first.Candidates, first.Listed, first.Subscriptions));
        var listed = await ListAsync(site, Day);
        // The daily list's own order: votes, then the curator's order.
        Assert.Equal(["2607.00004", "2607.00002", "2607.00001"], listed.Select(e => e.Paper.ArxivId));
        Assert.All(listed, e => Assert.Equal(CuratorAccount.DisplayName, e.SubmittedBy?.DisplayName));

        // Again: the day is done; nothing is listed twice.
        Assert.Empty(await curation.RunAsync());
        Assert.Equal(3, (await ListAsync(site, Day)).Count);

        // The next day: a reader put one of its papers on today's list first; the curator lists the others, not that one.
        var next = Day.AddDays(1);
        var readerId = (await accounts.FindByEmailAsync("a@example.org"))!.Id;
        await site.PutOnTodaysListAsync(readerId, DateTime.UtcNow, New("2607.00011", "Graph neural networks again", next));
        await StoreAsync(site, New("2607.00012", "Another day's paper", next), New("2607.00013", "And one more", next));
        var second = Assert.Single(await curation.RunAsync());
        Assert.Equal((next, 3, 2), (second.AnnouncedOn, second.Candidates, second.Listed));
        Assert.Equal(["2607.00012", "2607.00013"], (await ListAsync(site, next)).Select(e => e.Paper.ArxivId).Order(StringComparer.Ordinal));
        Assert.Equal(readerId, (await site.Services.GetRequiredService<DailyListStore>().GetAsync("2607.00011"))!.SubmittedBy!.Id);
        Assert.Empty(await curation.RunAsync());

        // The curator is a visible account: the list names it and its profile page shows it.
        var page = await AccountsSite.ParseAsync(await site.Client().GetAsync($"/papers/date/{Day:yyyy-MM-dd}"));
        var by = page.QuerySelectorAll(".submitter a").Select(a => (a.TextContent, a.GetAttribute("href"))).Distinct().ToList();
        Assert.Equal([(CuratorAccount.DisplayName, "/users/curator")], by);
        var profile = await site.Client().GetAsync("/users/curator");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Contains(CuratorAccount.DisplayName, await profile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_active_readers_saved_papers_pull_a_paper_like_theirs_onto_the_list(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?> { ["Curation:DailyCount"] = "1" });
        var earlier = Day.AddDays(-30);
        Paper[] catalogue =
        [
            New("2606.00001", "Conformer: convolution-augmented transformer for speech recognition", earlier) with
                { Abstract = "We combine convolutions and self-attention for automatic speech recognition and reach a lower word error rate on LibriSpeech." },
            New("2606.00002", "Streaming end-to-end speech recognition on mobile devices", earlier) with
                { Abstract = "A recurrent neural network transducer transcribes spoken audio on a phone with low latency." },
            New("2606.00003", "Galaxy cluster masses from weak lensing", earlier) with { Abstract = "We measure the masses of galaxy clusters from weak gravitational lensing of background galaxies." },
            New("2606.00004", "Protein structure prediction with deep learning", earlier) with { Abstract = "Predicting the three-dimensional structure of proteins from their amino acid sequence." },
            New("2606.00005", "Volatility of stock returns", earlier) with { Abstract = "We model the volatility of daily stock market returns with a stochastic process." },
            New("2606.00006", "Graph coloring algorithms", earlier) with { Abstract = "Approximation algorithms for coloring sparse graphs with few colors." },
            New("2606.00007", "Soil moisture from satellites", earlier) with { Abstract = "Estimating soil moisture with satellite radar observations over farmland." },
            New("2606.00008", "Sorting networks of small depth", earlier) with { Abstract = "We construct sorting networks with fewer comparator layers." },
        ];
        await StoreAsync(site, catalogue);
        await site.Services.GetRequiredService<EmbeddingJob>().RunAsync(CancellationToken.None);
        await site.Services.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);
        // A reader saved the two speech papers; another reader saved nothing.
        var accounts = site.Services.GetRequiredService<AccountStore>();
        var (reader, _) = await accounts.GetOrCreateByEmailAsync("listener@example.org");
        await accounts.GetOrCreateByEmailAsync("idle@example.org");
        var collections = site.Services.GetRequiredService<CollectionStore>();
        var shelf = (await collections.CreateAsync(reader.Id, "Speech", isPublic: false))!.Value;
        await collections.SetAsync(shelf, reader.Id, "2606.00001", present: true);
        await collections.SetAsync(shelf, reader.Id, "2606.00002", present: true);
        // The day's papers, not embedded yet (the curation embeds them); the one on speech was submitted first, so
        // recency alone would not pick it.
        await StoreAsync(site,
            New("2607.00041", "Speech recognition for low-resource languages", Day, hour: 0) with
                { Abstract = "We train an automatic speech recognition model that transcribes spoken audio in languages with little labelled data." },
            New("2607.00042", "Dark matter in dwarf galaxies", Day, hour: 8) with { Abstract = "Rotation curves of dwarf galaxies constrain dark matter profiles." },
            New("2607.00043", "Faster matrix multiplication", Day, hour: 9) with { Abstract = "A new bound on the exponent of matrix multiplication." });

        var day = Assert.Single(await site.Services.GetRequiredService<DailyCuration>().RunAsync());

        Assert.Equal((1, 0, 1), (day.Readers, day.Subscriptions, day.Listed));
        Assert.Equal(["2607.00041"], (await ListAsync(site, Day)).Select(e => e.Paper.ArxivId));
        // The measure is the reader's model's: only the paper it would pick for them has any interest.
        var interest = await site.Services.GetRequiredService<CurationStore>().InterestAsync(["2607.00041", "2607.00042", "2607.00043"]);
        Assert.Equal(["2607.00041"], interest.Keys);
        var pick = Assert.Single((await site.Services.GetRequiredService<Recommender>().PicksForReadersAsync(
            await site.Services.GetRequiredService<Recommender>().NewlyHarvestedCandidatesAsync(["2607.00041", "2607.00042", "2607.00043"]), [reader.Id], 10))[reader.Id]);
        Assert.Equal(pick.Score, interest["2607.00041"], 1e-4);
        // The measure feeds /new's community order: with no votes, the speech paper comes first there too.
        var page = await AccountsSite.ParseAsync(await site.Client().GetAsync($"/new?date={Day:yyyy-MM-dd}"));
        Assert.Equal("/papers/2607.00041", page.QuerySelector("ol.cards article.card h3.card-title a")!.GetAttribute("href"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_readers_the_curator_ranks_by_followed_category_and_recency(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?> { ["Curation:DailyCount"] = "2" });
        await StoreAsync(site,
            New("2607.00021", "Early", Day, hour: 1),
            New("2607.00022", "Late but cross-listed", Day, hour: 12, primary: "math.ST"),
            New("2607.00023", "Late", Day, hour: 11));

        var day = Assert.Single(await site.Services.GetRequiredService<DailyCuration>().RunAsync());

        Assert.Equal((0, 0), (day.Readers, day.Subscriptions));
        Assert.Equal(["2607.00023", "2607.00021"], (await ListAsync(site, Day)).Select(e => e.Paper.ArxivId));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_moderator_removes_a_curated_entry_and_the_curator_never_lists_it_again(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider, new Dictionary<string, string?> { ["Curation:DailyCount"] = "1" });
        await StoreAsync(site, New("2607.00031", "First pick", Day, hour: 5), New("2607.00032", "Second pick", Day, hour: 1));
        var curation = site.Services.GetRequiredService<DailyCuration>();
        await curation.RunAsync();
        Assert.Equal(["2607.00031"], (await ListAsync(site, Day)).Select(e => e.Paper.ArxivId));
        await site.PutOnTodaysListAsync(PaperStoreTests.Sample("2607.00039"));

        var accounts = site.Services.GetRequiredService<AccountStore>();
        var moderator = site.Client();
        await site.SignInAsync(moderator, "mod@example.org");
        await accounts.SetRoleAsync((await accounts.FindByEmailAsync("mod@example.org"))!.Id, UserRole.Admin);
        var reader = site.Client();
        await site.SignInAsync(reader, "reader@example.org");
        var form = AccountsSite.FormFields(await AccountsSite.ParseAsync(await moderator.GetAsync("/moderation")), "form.curated-form");
        form["arxivId"] = "2607.00031";
        form["reason"] = "off topic";

        // A reader may not; a reader's own entry is not the curator's to remove.
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/moderation/curated", new FormUrlEncodedContent(form))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.PostAsync("/moderation/curated",
            new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["arxivId"] = "2607.00039" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await moderator.PostAsync("/moderation/curated", new FormUrlEncodedContent(form))).StatusCode);

        Assert.Empty(await ListAsync(site, Day));
        Assert.NotNull(await site.Services.GetRequiredService<DailyListStore>().GetAsync("2607.00039"));
        var log = await moderator.GetStringAsync("/moderation/log");
        Assert.Contains("remove-curated", log, StringComparison.Ordinal);

        // Were the day curated again, the removed paper would not come back.
        await using (var connection = await site.Db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM curation_days");
        }
        await curation.RunAsync();
        Assert.Equal(["2607.00032"], (await ListAsync(site, Day)).Select(e => e.Paper.ArxivId));

        // The status page's curation of the day.
        var status = await AccountsSite.ParseAsync(await moderator.GetAsync("/admin/status"));
        Assert.Equal($"{Day:yyyy-MM-dd}", status.QuerySelector("[data-figure=curation-day] a")!.TextContent);
        Assert.StartsWith("1 of 2 new papers", status.QuerySelector("[data-figure=curation-listed]")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("no readers yet", status.QuerySelector("[data-figure=curation-basis]")!.TextContent, StringComparison.Ordinal);
    }
}
