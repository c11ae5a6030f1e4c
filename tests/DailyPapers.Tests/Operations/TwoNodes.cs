using Dapper;
using Npgsql;

namespace DailyPapers.Tests.Operations;

/// <summary>
/// Two web nodes as real processes on one PostgreSQL database, sharing the key file and a mail pickup folder (so a test
/// can follow sign-in links), each with its own working folder. Node A starts first (it migrates and loads the demo),
/// then B. The embedding job and the digest scheduler are off; limits that would stop a load test are lifted.
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    private TwoNodes(string connectionString, string folder, NodeProcess a, NodeProcess b)
    {
        ConnectionString = connectionString;
        Folder = folder;
        A = a;
        B = b;
    }

    public string ConnectionString { get; }
    public string Folder { get; }
    public NodeProcess A { get; }
    public NodeProcess B { get; }
    public IReadOnlyList<NodeProcess> Both => [A, B];
    public string MailFolder => Path.Combine(Folder, "mail");

    /// <param name="publicUrl">Site:BaseUrl (the proxy's https address, or node A's own for nodes without one).</param>
    public static async Task<TwoNodes> StartAsync(string connectionString, Func<int, string> publicUrl, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var folder = Directory.CreateTempSubdirectory("dailypapers-nodes-").FullName;
        var portA = NodeProcess.FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Database"] = connectionString,
            ["Site:BaseUrl"] = publicUrl(portA),
            ["DataProtection:KeyFile"] = Path.Combine(folder, "dailypapers.key"),
            ["Mail:PickupDirectory"] = Path.Combine(folder, "mail"),
            ["Search:EmbedInBackground"] = "false",
            ["Digest:Enabled"] = "false",
            ["Status:HeartbeatInterval"] = "00:00:01",
            ["RateLimits:SignInPerIp:PermitLimit"] = "100000",
            ["RateLimits:SignInPerAddress:PermitLimit"] = "100000",
            ["RateLimits:Votes:PermitLimit"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }
        var a = new NodeProcess("node A", Path.Combine(folder, "a"), settings, portA);
        var b = new NodeProcess("node B", Path.Combine(folder, "b"), settings);
        var nodes = new TwoNodes(connectionString, folder, a, b);
        try
        {
            await a.StartAsync();
            await b.StartAsync();
        }
        catch
        {
            await nodes.DisposeAsync();
            throw;
        }
        return nodes;
    }

    /// <summary>Signs <paramref name="count"/> new readers in, each through a client from <paramref name="client"/>.</summary>
    public async Task<IReadOnlyList<SiteReader>> SignInAsync(int count, Func<int, HttpClient> client, string prefix)
    {
        var readers = new List<SiteReader>();
        for (var i = 0; i < count; i++)
        {
            readers.Add(await SiteReader.SignInAsync(client(i), $"{prefix}-{i}-{Guid.NewGuid():N}@example.org", MailFolder));
        }
        return readers;
    }

    /// <summary>A connection of the test's own, not pooled: it must not find a connection the server dropped in a fault test.</summary>
    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The visible papers' ids, in a fixed order.</summary>
    public async Task<IReadOnlyList<string>> PapersAsync()
    {
        await using var connection = await OpenAsync();
        return (await connection.QueryAsync<string>("SELECT arxiv_id FROM papers WHERE NOT hidden ORDER BY arxiv_id")).ToList();
    }

    public async Task<Dictionary<string, int>> UpvotesAsync()
    {
        await using var connection = await OpenAsync();
        return (await connection.QueryAsync<(string Id, int Upvotes)>("SELECT arxiv_id, upvotes FROM papers")).ToDictionary(r => r.Id, r => r.Upvotes);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
