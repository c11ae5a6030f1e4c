using System.Net;
using DailyPapers.Ingest.Oai;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Ingest.Oai;

/// <summary>A site whose daily harvest is on but cannot reach arXiv (no network): it serves, and says why in one line.</summary>
public sealed class OfflineHarvestSiteTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_site_serves_at_once_and_the_harvest_logs_one_line_and_keeps_its_state(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var log = new LogCapture();
        await using var app = new TestApp(db, new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "false",
            ["Search:EmbedInBackground"] = "false",
            ["Harvest:Enabled"] = "true",
            // TestApp's arXiv address is a closed port: every request fails as without a network. The client retries twice.
            ["Arxiv:RetryCount"] = "2",
            ["Arxiv:RetryDelay"] = "00:00:00.050",
        }, s => s.AddLogging(b => b.AddProvider(log)));
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var state = app.Services.GetRequiredService<HarvestScheduleState>();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (state.Current.FailuresInARow == 0)
            {
                await Task.Delay(50, deadline.Token);
            }
        }
        var page = await client.GetAsync("/new");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("No announcements yet", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var harvestLines = log.Entries.Where(e => e.Category.StartsWith("DailyPapers.Ingest", StringComparison.Ordinal)
            || e.Category.StartsWith("System.Net.Http", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(harvestLines);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Matches(@"^arXiv unreachable: could not reach arXiv OAI: .+ \(tried 3 times\), next try at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", line.Message);
        var status = state.Current;
        Assert.Equal(HarvestActivity.BackingOff, status.Activity);
        Assert.Equal(["cs", "stat"], status.Sets);
        Assert.Equal(status.LastErrorAt!.Value.AddMinutes(5), status.NextRunAt);
        Assert.Null(status.LastSuccessAt);
    }
}
