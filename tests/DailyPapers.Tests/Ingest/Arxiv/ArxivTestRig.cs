using DailyPapers.Ingest.Arxiv;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Ingest.Arxiv;

/// <summary>A replay server and the arXiv services as the app registers them, pointed at it.</summary>
public sealed class ArxivTestRig : IAsyncDisposable
{
    private ArxivTestRig(ArxivReplayServer server, ServiceProvider services, TimeProvider clock)
    {
        Server = server;
        Services = services;
        Clock = clock;
    }

    public ArxivReplayServer Server { get; }
    public ServiceProvider Services { get; }
    public TimeProvider Clock { get; }
    public ArxivClient Client => Services.GetRequiredService<ArxivClient>();

    /// <summary>Starts a rig; by default on the real clock with a 1 ms interval and 2 s first retry delay.</summary>
    public static async Task<ArxivTestRig> StartAsync(TimeProvider? clock = null, Action<ArxivOptions>? configure = null)
    {
        clock ??= TimeProvider.System;
        var server = await ArxivReplayServer.StartAsync(clock);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddArxivClient();
        services.Configure<ArxivOptions>(o => Configure(o, server, configure));
        return new ArxivTestRig(server, services.BuildServiceProvider(), clock);
    }

    /// <summary>Test settings: the replay server, short waits; then the test's own changes.</summary>
    public static void Configure(ArxivOptions o, ArxivReplayServer server, Action<ArxivOptions>? configure = null)
    {
        o.ApiUrl = server.ApiUrl;
        o.MinInterval = TimeSpan.FromMilliseconds(1);
        o.RetryDelay = TimeSpan.FromSeconds(2);
        o.Timeout = TimeSpan.FromSeconds(20);
        configure?.Invoke(o);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
