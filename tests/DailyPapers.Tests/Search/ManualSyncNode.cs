using DailyPapers.Search;
using DailyPapers.Search.Sync;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

/// <summary>
/// One web node on a database of its own whose search index only the test moves (<see cref="Sync"/>: no polling, no
/// embedding), for tests of what a node serves while its index lags behind the database.
/// </summary>
internal sealed class ManualSyncNode : IAsyncDisposable
{
    private readonly TestDatabase _db;
    private readonly TemporaryFolder _folder;

    private ManualSyncNode(TestDatabase db, TemporaryFolder folder, TestApp app, HttpClient client)
    {
        (_db, _folder, App, Client) = (db, folder, app, client);
    }

    public TestApp App { get; }
    public HttpClient Client { get; }
    public SearchIndexSync Sync => App.Services.GetRequiredService<SearchIndexSync>();
    public SearchIndexes Indexes => App.Services.GetRequiredService<SearchIndexes>();

    public static async Task<ManualSyncNode> StartAsync(string provider)
    {
        var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var folder = SearchSiteFixture.NewIndexFolder();
        var settings = SearchSiteFixture.Settings(folder, embed: false);
        settings["Search:PollInterval"] = "01:00:00"; // only the test moves the index
        var app = new TestApp(db, settings);
        var client = app.CreateClient();
        await Healthz.WaitAsync(client, "the node");
        return new ManualSyncNode(db, new TemporaryFolder(folder), app, client);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await _folder.DisposeAsync();
        await _db.DisposeAsync();
    }
}
