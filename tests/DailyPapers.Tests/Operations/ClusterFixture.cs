using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Operations;

/// <summary>
/// Two nodes on a fresh database of the shared PostgreSQL server (./test.sh's), behind nginx with the shipped
/// deploy/nginx.conf: started once for the tests of <see cref="ClusterTests"/>.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>Searches per client and node: low, so a test can see whose address the limit counts.</summary>
    public const int SearchLimit = 4;

    private TestDatabase? _db;

    public TwoNodes Nodes { get; private set; } = null!;
    public NginxProcess Nginx { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("Postgres", migrate: false);
        var httpsPort = NodeProcess.FreePort();
        Nodes = await TwoNodes.StartAsync(_db.ConnectionString, _ => $"https://127.0.0.1:{httpsPort}", new Dictionary<string, string?>
        {
            ["RateLimits:Search:PermitLimit"] = SearchLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Nginx = await NginxProcess.StartAsync([$"127.0.0.1:{Nodes.A.Port}", $"127.0.0.1:{Nodes.B.Port}"], httpsPort);
    }

    /// <summary>A client of the site through nginx (https, cookies kept).</summary>
    public HttpClient ThroughNginx(bool decompress = true)
    {
        var client = NginxProcess.Client(decompress);
        client.BaseAddress = new Uri(Nginx.Url);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (Nginx is not null)
        {
            await Nginx.DisposeAsync();
        }
        if (Nodes is not null)
        {
            await Nodes.DisposeAsync();
        }
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }
}
