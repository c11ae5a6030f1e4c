using System.Collections.Concurrent;
using System.Xml.Linq;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Votes;
using DailyPapers.Ingest.Oai;
using DailyPapers.Papers;
using DailyPapers.Tests.Ingest.Oai;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Feed;

/// <summary>
/// One site per provider whose own daily harvest took arXiv's announcement of 2026-07-01 (set cs, two pages) from the
/// replay server at start, as a fresh install does; then three readers voted and one paper of the day before was stored.
/// Shared by the tests that only read it.
/// </summary>
public sealed class NewPapersSiteFixture : IAsyncLifetime
{
    public const string Page1 = "Day2026-07-01.page1.generated.xml";
    public const string Page2 = "Day2026-07-01.page2.generated.xml";
    public static readonly DateOnly Day = new(2026, 7, 1);
    public static readonly DateOnly DayBefore = new(2026, 6, 30);

    /// <summary>The papers voted for, and how many votes each got.</summary>
    public static readonly (string Id, int Votes)[] Voted = [("2606.31845", 3), ("2606.31179", 1)];

    private readonly ConcurrentDictionary<string, Lazy<Task<HarvestedSite>>> _sites = new();

    public sealed record HarvestedSite(TestDatabase Db, OaiReplayServer Arxiv, TestApp App);

    /// <summary>The recorded day's papers as the fixture files give them: id, primary category, categories.</summary>
    public static IReadOnlyList<(string Id, string Primary, string[] Categories)> Recorded { get; } = ReadRecorded();

    public async Task<HarvestedSite> For(string provider) => await _sites.GetOrAdd(provider, p => new(() => StartAsync(p))).Value;

    public async Task<HttpClient> Client(string provider) => (await For(provider)).App.CreateClient();

    private static async Task<HarvestedSite> StartAsync(string provider)
    {
        var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var arxiv = await OaiReplayServer.StartAsync();
        // cs's two pages, then stat: nothing new.
        arxiv.AnswerNext(Page1, Page2, "ErrorResponseNoRecordsMatch.xml");
        var app = new TestApp(db, new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "false",
            ["Digest:Enabled"] = "false",
            ["Search:EmbedInBackground"] = "false",
            ["Harvest:Enabled"] = "true",
            ["Arxiv:OaiUrl"] = arxiv.OaiUrl.ToString(),
            ["Arxiv:MinInterval"] = "00:00:00",
        });
        _ = app.Server;
        var state = app.Services.GetRequiredService<HarvestScheduleState>();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (state.Current.LastSuccessAt is null)
            {
                Assert.True(state.Current.LastError is null, state.Current.LastError);
                await Task.Delay(50, deadline.Token);
            }
        }
        var accounts = app.Services.GetRequiredService<AccountStore>();
        var votes = app.Services.GetRequiredService<VoteStore>();
        for (var reader = 0; reader < 3; reader++)
        {
            var (account, _) = await accounts.GetOrCreateByEmailAsync($"reader{reader}@example.org");
            foreach (var (id, count) in Voted.Where(v => v.Votes > reader))
            {
                await votes.SetAsync(account.Id, id, up: true);
            }
        }
        await app.Services.GetRequiredService<PaperStore>().UpsertAsync(
            PaperStoreTests.Sample("2606.29999") with { Categories = ["cs.CL"], PrimaryCategory = "cs.CL", AnnouncedOn = DayBefore });
        return new HarvestedSite(db, arxiv, app);
    }

    private static List<(string, string, string[])> ReadRecorded()
    {
        XNamespace raw = "http://arxiv.org/OAI/arXivRaw/";
        return [.. new[] { Page1, Page2 }
            .SelectMany(f => XDocument.Parse(OaiReplayServer.Fixture(f)).Descendants(raw + "arXivRaw"))
            .Select(r => (r.Element(raw + "id")!.Value, r.Element(raw + "categories")!.Value.Split(' ')))
            .Select(r => (r.Item1, r.Item2[0], r.Item2))];
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var site in _sites.Values.Where(s => s.IsValueCreated))
        {
            var (db, arxiv, app) = await site.Value;
            await app.DisposeAsync();
            await arxiv.DisposeAsync();
            await db.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class NewPapersSiteCollection : ICollectionFixture<NewPapersSiteFixture>
{
    public const string Name = "new papers site";
}
