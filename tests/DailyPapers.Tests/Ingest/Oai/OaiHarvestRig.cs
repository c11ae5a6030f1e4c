using System.Text.Json;
using Dapper;
using DailyPapers.Ingest.Arxiv;
using DailyPapers.Ingest.Oai;
using DailyPapers.Papers;
using DailyPapers.Tests.Ingest.Arxiv;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Ingest.Oai;

/// <summary>A fresh database of one provider, an OAI replay server, and the app's services pointed at both.</summary>
public sealed class OaiHarvestRig : IAsyncDisposable
{
    private OaiHarvestRig(TestDatabase db, OaiReplayServer server, ServiceProvider services, TimeProvider clock)
    {
        Db = db;
        Server = server;
        Services = services;
        Clock = clock;
    }

    public TestDatabase Db { get; }
    public OaiReplayServer Server { get; }
    public ServiceProvider Services { get; }
    public TimeProvider Clock { get; }
    public OaiHarvester Harvester => Services.GetRequiredService<OaiHarvester>();

    /// <summary>
    /// Starts a rig, by default on a <see cref="FastForwardClock"/> (waits cost nothing and show in the server's
    /// arrival times) with a 1 ms interval, 2 s first retry delay and one retry.
    /// </summary>
    public static async Task<OaiHarvestRig> StartAsync(
        string provider, TimeProvider? clock = null, Action<ArxivOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        clock ??= new FastForwardClock();
        var db = await TestDatabase.CreateAsync(provider);
        var server = await OaiReplayServer.StartAsync(clock);
        var built = db.Services(clock, s =>
        {
            s.Configure<ArxivOptions>(o =>
            {
                o.OaiUrl = server.OaiUrl;
                o.MinInterval = TimeSpan.FromMilliseconds(1);
                o.RetryDelay = TimeSpan.FromSeconds(2);
                o.RetryCount = 1;
                o.Timeout = TimeSpan.FromSeconds(20);
                configure?.Invoke(o);
            });
            services?.Invoke(s);
        });
        return new OaiHarvestRig(db, server, built, clock);
    }

    public Task<OaiHarvestResult> HarvestAsync(string? from = null, string? until = null, string? set = null) =>
        Harvester.HarvestAsync(new OaiHarvestRequest
        {
            From = from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            Until = until is null ? null : DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture),
            Set = set,
        });

    public Task<OaiCheckpoint?> CheckpointAsync(string? set = null) => Harvester.CheckpointAsync(set);

    /// <summary>Every stored paper as JSON, by id: two databases hold the same papers when these are equal.</summary>
    public async Task<IReadOnlyList<string>> PapersAsync()
    {
        await using var connection = await Db.Database.OpenAsync();
        var ids = (await connection.QueryAsync<string>("SELECT arxiv_id FROM papers")).ToList();
        var papers = await Services.GetRequiredService<PaperStore>().GetManyAsync(ids);
        return papers.OrderBy(p => p.ArxivId, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
        await Db.DisposeAsync();
    }
}
