using System.Collections.Concurrent;
using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

/// <summary>
/// One running site per provider for the search page and API tests (they only read): the search test papers,
/// one of them on a daily list, a paper with a hostile title, and 24 short fillers so results span two pages;
/// started with fast polling and embedding, and handed out once every paper is indexed and embedded.
/// </summary>
public sealed class SearchSiteFixture : IAsyncLifetime
{
    public const string HostileTitle = "<script>alert(1)</script> Zeppelin ballast";

    private readonly ConcurrentDictionary<string, Lazy<Task<(TestDatabase Db, TestApp App, string Folder)>>> _sites = new();

    public static IDictionary<string, string?> Settings(string indexFolder, bool embed = true) => new Dictionary<string, string?>
    {
        ["Demo:Enabled"] = "false",
        ["Search:IndexPath"] = indexFolder,
        ["Search:PollInterval"] = "00:00:00.200",
        ["Search:EmbedInBackground"] = embed ? "true" : "false",
        ["Search:EmbeddingInterval"] = "00:00:00.100",
        ["Search:EmbeddingBatchSize"] = "16",
        // Every search test class shares this site and one client address: the default 60 searches a minute would
        // refuse whichever test comes last. The limit itself is tested on a site of its own (SearchRateLimitTests).
        ["RateLimits:Search:PermitLimit"] = "100000",
    };

    public static string NewIndexFolder() => Path.Combine(Path.GetTempPath(), "dailypapers-search-tests", Guid.NewGuid().ToString("N"));

    public async Task<HttpClient> Client(string provider) => (await _sites.GetOrAdd(provider, p => new(() => StartAsync(p))).Value).App.CreateClient();

    public static IEnumerable<Paper> Papers() =>
        SearchTestPapers.All
            .Append(SearchTestPapers.Make("2406.00006", HostileTitle, "Ballast <img src=x onerror=alert(2)> for airships.", ["Eve \"><b>"], ["physics.flu-dyn"], new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc)))
            .Concat(Enumerable.Range(1, 24).Select(i => SearchTestPapers.Make($"2407.{i:00000}", $"Widget note {i}", $"A short note on widget {i}.", ["Wim Widget"], ["math.GM"],
                new DateTime(2024, 7, i, 0, 0, 0, DateTimeKind.Utc))));

    private static async Task<(TestDatabase, TestApp, string)> StartAsync(string provider)
    {
        var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var folder = NewIndexFolder();
        var app = new TestApp(db, Settings(folder));
        var client = app.CreateClient(); // starts the app: migrations run
        var store = app.Services.GetRequiredService<PaperStore>();
        var papers = Papers().ToList();
        foreach (var p in papers)
        {
            await store.UpsertAsync(p);
        }
        await using (var connection = await store.Database.OpenAsync())
        await using (var tx = await store.Database.BeginWriteAsync(connection))
        {
            await DailyListStore.AddAsync(connection, tx, SearchTestPapers.Bread.ArxivId, new DateOnly(2024, 3, 16), new DateTime(2024, 3, 16, 8, 0, 0, DateTimeKind.Utc), null);
            await tx.CommitAsync();
        }
        var search = app.Services.GetRequiredService<SearchService>();
        await Eventually.TrueAsync(() => Task.FromResult(search.Coverage == new SearchCoverage(papers.Count, papers.Count)), TimeSpan.FromMinutes(3));
        return (db, app, folder);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var site in _sites.Values.Where(s => s.IsValueCreated))
        {
            var (db, app, folder) = await site.Value;
            await app.DisposeAsync();
            await db.DisposeAsync();
            await new TemporaryFolder(folder).DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SearchSiteCollection : ICollectionFixture<SearchSiteFixture>
{
    public const string Name = "search site";
}

/// <summary>Polls a condition until it holds or the time is up (no timing is asserted, only the outcome).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {timeout}");
            await Task.Delay(100);
        }
    }
}
