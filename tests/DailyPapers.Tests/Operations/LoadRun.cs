using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace DailyPapers.Tests.Operations;

/// <summary>One request of a load run: what it asked, when it started and how long it took, and how it ended.</summary>
public sealed record LoadOutcome(string What, TimeSpan Started, TimeSpan Took, HttpStatusCode? Status, string? Error)
{
    public bool Succeeded => Error is null && Status is { } s && (int)s is >= 200 and < 300;

    public override string ToString() => $"{What} at {Started.TotalSeconds:0.0}s took {Took.TotalSeconds:0.00}s: {(Status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")} {Error}";
}

/// <summary>A vote of a load run: who, which paper, and what the site answered.</summary>
public sealed record VoteOutcome(string Email, string ArxivId, TimeSpan Started, TimeSpan Took, VoteAnswer? Answer, string? Error)
{
    public bool Acknowledged => Answer is { Acknowledged: true };
}

/// <summary>
/// Readers hitting a site until stopped: <c>getters</c> loops of GETs over a list of pages (each answer read to its end),
/// and voters each voting for their own run of papers, one vote at a time. Every outcome is kept, with its start time on
/// the run's clock, so a test can look at what happened around a fault.
/// </summary>
public sealed class LoadRun : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Task> _loops = [];

    public ConcurrentQueue<LoadOutcome> Gets { get; } = new();
    public ConcurrentQueue<VoteOutcome> Votes { get; } = new();

    /// <summary>Time since the run started.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public static LoadRun Start(IReadOnlyList<HttpClient> getClients, IReadOnlyList<string> paths, IReadOnlyList<SiteReader> voters, IReadOnlyList<string> papers)
    {
        var run = new LoadRun();
        for (var i = 0; i < getClients.Count; i++)
        {
            var (client, offset) = (getClients[i], i);
            run._loops.Add(Task.Run(() => run.GetLoopAsync(client, paths, offset)));
        }
        for (var v = 0; v < voters.Count; v++)
        {
            var (voter, start) = (voters[v], v * papers.Count / Math.Max(1, voters.Count));
            run._loops.Add(Task.Run(() => run.VoteLoopAsync(voter, papers, start)));
        }
        return run;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    /// <summary>
    /// Waits until at least <paramref name="gets"/> GETs and <paramref name="votes"/> votes that started at or after
    /// <paramref name="from"/> have been answered (or failed); fails if that takes longer than <paramref name="deadline"/>.
    /// </summary>
    public async Task UntilAsync(TimeSpan from, int gets, int votes, TimeSpan deadline)
    {
        var until = Now + deadline;
        while (Gets.Count(g => g.Started >= from) < gets || Votes.Count(v => v.Started >= from) < votes)
        {
            Assert.True(Now < until, $"Within {deadline} after {from.TotalSeconds:0.0} s, only {Gets.Count(g => g.Started >= from)} of {gets} GETs and {Votes.Count(v => v.Started >= from)} of {votes} votes were answered");
            await Task.Delay(100);
        }
    }

    public void Dispose() => _stop.Dispose();

    private async Task GetLoopAsync(HttpClient client, IReadOnlyList<string> paths, int offset)
    {
        for (var i = offset; !_stop.IsCancellationRequested; i++)
        {
            var path = paths[i % paths.Count];
            var started = Now;
            try
            {
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, CancellationToken.None);
                Gets.Enqueue(new LoadOutcome("GET " + path, started, Now - started, response.StatusCode,
                    (int)response.StatusCode is >= 200 and < 300 ? null : Shorten(await response.Content.ReadAsStringAsync())));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                Gets.Enqueue(new LoadOutcome("GET " + path, started, Now - started, null, e.GetType().Name + ": " + e.Message));
            }
        }
    }

    private async Task VoteLoopAsync(SiteReader voter, IReadOnlyList<string> papers, int start)
    {
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var paper = papers[(start + i) % papers.Count];
            var started = Now;
            try
            {
                var answer = await voter.VoteAsync(paper, ct: CancellationToken.None);
                Votes.Enqueue(new VoteOutcome(voter.Email, paper, started, Now - started, answer, null));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or System.Text.Json.JsonException)
            {
                Votes.Enqueue(new VoteOutcome(voter.Email, paper, started, Now - started, null, e.GetType().Name + ": " + e.Message));
            }
        }
    }

    private static string Shorten(string body) => body.Length <= 200 ? body : body[..200];
}
