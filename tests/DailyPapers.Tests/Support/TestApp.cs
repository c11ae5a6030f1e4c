using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Support;

/// <summary>
/// The real app (Program) on a test database. <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> goes through the in-memory test
/// server; <see cref="StartKestrel"/> serves on a real loopback port for browsers and second nodes.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    /// <summary>An address where nothing listens (the discard port): a request fails at once, as without a network.</summary>
    public const string ClosedPortUrl = "http://127.0.0.1:9";

    private readonly Dictionary<string, string?> _settings;

    /// <summary>The search index folder this app made for itself (none when the test gave one).</summary>
    private readonly string? _ownIndexFolder;

    /// <summary>Changes to the app's services after its own (a log capture, a clock).</summary>
    private readonly Action<IServiceCollection>? _services;

    public TestApp(TestDatabase database, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _settings = new Dictionary<string, string?>(database.Settings);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            _settings[k] = v;
        }
        // No test reaches the real arXiv: the daily harvest is on by default in the app, so it is off here unless a test
        // turns it on (pointing Arxiv:OaiUrl at a replay server), and arXiv's addresses are a closed local port unless given.
        _settings.TryAdd("Harvest:Enabled", "false");
        // The demo's month of 6,926 new papers only where a test asks for it: the other tests know the demo as it was.
        _settings.TryAdd("Demo:NewPapers", "false");
        _settings.TryAdd("Arxiv:OaiUrl", ClosedPortUrl + "/oai");
        _settings.TryAdd("Arxiv:ApiUrl", ClosedPortUrl + "/api/query");
        if (!_settings.ContainsKey("Search:IndexPath"))
        {
            // Apps on different databases must not take turns on one folder (the default data/search-index next
            // to the test binaries): one rebuilding it for its database removed files another was committing.
            _ownIndexFolder = Path.Combine(Path.GetTempPath(), "dailypapers-tests-index", Guid.NewGuid().ToString("N"));
            _settings["Search:IndexPath"] = _ownIndexFolder;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownIndexFolder is not null && Directory.Exists(_ownIndexFolder))
        {
            try
            {
                Directory.Delete(_ownIndexFolder, recursive: true);
            }
            catch (IOException)
            {
                // A background merge finishing as the host stops; the folder is under the temp folder anyway.
            }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    /// <summary>Starts the app on Kestrel at 127.0.0.1 on a free port and returns its base address.</summary>
    public string StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        return ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }
}
