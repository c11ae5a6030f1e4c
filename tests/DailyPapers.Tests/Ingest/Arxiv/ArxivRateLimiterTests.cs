using DailyPapers.Ingest.Arxiv;
using DailyPapers.Papers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DailyPapers.Tests.Ingest.Arxiv;

public class ArxivRateLimiterTests
{
    [Fact]
    public async Task Concurrent_calls_from_different_clients_never_overlap_and_start_at_least_the_interval_apart()
    {
        var interval = TimeSpan.FromMilliseconds(200);
        await using var rig = await ArxivTestRig.StartAsync(configure: o => o.MinInterval = interval);
        rig.Server.ResponseDelay = TimeSpan.FromMilliseconds(100);
        // Typed clients are transient: each call gets its own ArxivClient, all share the one limiter.
        string[] ids = ["1605.08386", "astro-ph/0601001", "2104.12255v1"];

        var results = await Task.WhenAll(ids.Select(id => rig.Services.GetRequiredService<ArxivClient>().FetchByIdsAsync([ArxivId.Parse(id)])));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        var requests = rig.Server.Requests.OrderBy(r => r.Arrived).ToList();
        Assert.Equal(3, requests.Count);
        for (var i = 1; i < requests.Count; i++)
        {
            Assert.True(requests[i].Arrived >= requests[i - 1].Finished, $"request {i} arrived before request {i - 1} was answered");
            Assert.True(requests[i].Arrived - requests[i - 1].Arrived >= interval,
                $"request {i} arrived {(requests[i].Arrived - requests[i - 1].Arrived).TotalMilliseconds} ms after request {i - 1}");
        }
    }

    [Fact]
    public async Task One_lease_at_a_time_and_the_next_waits_for_the_interval_or_a_longer_hold()
    {
        var clock = new FastForwardClock();
        using var limiter = new ArxivRateLimiter(Options.Create(new ArxivOptions { MinInterval = TimeSpan.FromSeconds(3) }), clock);

        var first = await limiter.AcquireAsync();
        var second = limiter.AcquireAsync();
        Assert.False(second.IsCompleted);
        var firstEnded = clock.GetUtcNow();
        first.Dispose();
        var secondLease = await second;
        Assert.True(clock.GetUtcNow() - firstEnded >= TimeSpan.FromSeconds(3));

        secondLease.HoldOffNext(TimeSpan.FromSeconds(45));
        var secondEnded = clock.GetUtcNow();
        secondLease.Dispose();
        using var third = await limiter.AcquireAsync();
        Assert.True(clock.GetUtcNow() - secondEnded >= TimeSpan.FromSeconds(45));
    }

    [Fact]
    public void Is_one_instance_for_the_whole_process()
    {
        var services = new ServiceCollection()
            .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
            .AddLogging()
            .AddArxivClient()
            .BuildServiceProvider();

        using (services)
        {
            Assert.Same(services.GetRequiredService<ArxivRateLimiter>(), services.GetRequiredService<ArxivRateLimiter>());
            Assert.Equal(new Uri("https://export.arxiv.org/api/query"), services.GetRequiredService<IOptions<ArxivOptions>>().Value.ApiUrl);
            Assert.Equal(TimeSpan.FromSeconds(3), services.GetRequiredService<IOptions<ArxivOptions>>().Value.MinInterval);
        }
    }
}
