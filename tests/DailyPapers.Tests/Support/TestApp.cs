using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace DailyPapers.Tests.Support;

/// <summary>
/// The real app (Program) on a test database. <see cref="CreateClient"/> goes through the in-memory test
/// server; <see cref="StartKestrel"/> serves on a real loopback port for browsers and second nodes.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public TestApp(TestDatabase database, IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>(database.Settings);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            _settings[k] = v;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
    }

    /// <summary>Starts the app on Kestrel at 127.0.0.1 on a free port and returns its base address.</summary>
    public string StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        return ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }
}
