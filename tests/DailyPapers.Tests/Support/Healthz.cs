using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace DailyPapers.Tests.Support;

/// <summary>
/// Waits until a freshly started node says healthy: <c>/healthz</c> asked again and again, each attempt bounded, under
/// one generous deadline. A single request with HttpClient's 100 s timeout failed a whole test on a machine at load
/// average ~50, where a test process running dozens of hosts may take minutes to answer its first request; a node that
/// really never becomes healthy still fails here, with every attempt and the thread pool's state in the message, so a
/// host that hangs can be told apart from a machine that is only slow.
/// </summary>
public static class Healthz
{
    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(30);

    public static async Task WaitAsync(HttpClient client, string name, TimeSpan? deadline = null)
    {
        var limit = deadline ?? TimeSpan.FromMinutes(5);
        var clock = Stopwatch.StartNew();
        var attempts = new List<string>();
        while (true)
        {
            var started = clock.Elapsed;
            using var attempt = new CancellationTokenSource(Attempt);
            try
            {
                using var response = await client.GetAsync("/healthz", attempt.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
                attempts.Add(Line(started, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)));
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                attempts.Add(Line(started, attempt.IsCancellationRequested ? $"no answer within {Attempt.TotalSeconds} s" : e.Message));
            }
            Assert.True(clock.Elapsed < limit,
                $"{name} was not healthy within {limit}; attempts: {string.Join("; ", attempts)}; thread pool: {ThreadPool.ThreadCount} threads, " +
                $"{ThreadPool.PendingWorkItemCount} items queued, {ThreadPool.CompletedWorkItemCount} done");
            await Task.Delay(200);
        }
    }

    private static string Line(TimeSpan started, string outcome) => string.Create(CultureInfo.InvariantCulture, $"{started.TotalSeconds:0.0} s: {outcome}");
}
