using System.Collections.Concurrent;

namespace DailyPapers.Tests.Support;

/// <summary>
/// One running demo site per provider, shared by the tests that only read it (they never write), so the suite
/// does not migrate and load the demo dozens of times. Tests that write make their own <see cref="TestApp"/>.
/// </summary>
public sealed class DemoSiteFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<(TestDatabase Db, TestApp App)>>> _sites = new();

    public async Task<TestApp> For(string provider) =>
        (await _sites.GetOrAdd(provider, p => new(() => StartAsync(p))).Value).App;

    public async Task<HttpClient> Client(string provider) => (await For(provider)).CreateClient();

    private static async Task<(TestDatabase, TestApp)> StartAsync(string provider)
    {
        var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var app = new TestApp(db);
        _ = app.Server; // start now: migrations and demo load run at start-up
        return (db, app);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var site in _sites.Values.Where(s => s.IsValueCreated))
        {
            var (db, app) = await site.Value;
            await app.DisposeAsync();
            await db.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DemoSiteCollection : ICollectionFixture<DemoSiteFixture>
{
    public const string Name = "demo site";
}
