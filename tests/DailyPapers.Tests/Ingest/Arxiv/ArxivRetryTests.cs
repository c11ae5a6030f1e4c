using System.Globalization;
using DailyPapers.Ingest.Arxiv;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Ingest.Arxiv;

/// <summary>
/// Retries against injected failures. The clock fast-forwards through every wait, and the replay server stamps
/// arrivals with the same clock, so the gaps between requests are exactly the waits the client made.
/// </summary>
public class ArxivRetryTests
{
    private static readonly ArxivId Known = ArxivId.Parse("1605.08386");

    private static TimeSpan Gap(IReadOnlyList<ReplayRequest> requests, int i) => requests[i].Arrived - requests[i - 1].Arrived;

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Waits_at_least_retry_after_seconds_then_succeeds(int status)
    {
        var clock = new FastForwardClock();
        await using var rig = await ArxivTestRig.StartAsync(clock);
        rig.Server.FailNext(status == 503 ? ReplayFault.Unavailable("30") : ReplayFault.TooManyRequests("30"));

        var result = await rig.Client.FetchByIdsAsync([Known]);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("1605.08386", Assert.Single(result.Papers).ArxivId);
        var requests = rig.Server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(Gap(requests, 1) >= TimeSpan.FromSeconds(30), $"retried after {Gap(requests, 1)}");
    }

    [Fact]
    public async Task Honours_retry_after_given_as_an_http_date()
    {
        var clock = new FastForwardClock();
        await using var rig = await ArxivTestRig.StartAsync(clock);
        rig.Server.FailNext(ReplayFault.Unavailable((clock.GetUtcNow() + TimeSpan.FromSeconds(20)).ToString("r", CultureInfo.InvariantCulture)));

        var result = await rig.Client.FetchByIdsAsync([Known]);

        Assert.True(result.Succeeded, result.Error?.Message);
        var requests = rig.Server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(Gap(requests, 1) >= TimeSpan.FromSeconds(20), $"retried after {Gap(requests, 1)}");
    }

    [Fact]
    public async Task Gives_up_with_a_clear_error_after_the_retries_backing_off_exponentially()
    {
        var clock = new FastForwardClock();
        await using var rig = await ArxivTestRig.StartAsync(clock, o => o.RetryCount = 2);
        rig.Server.FailNext(ReplayFault.ServerError(), ReplayFault.ServerError(), ReplayFault.ServerError());

        var result = await rig.Client.FetchByIdsAsync([Known]);

        Assert.Equal(new ArxivError(ArxivErrorKind.HttpError, "arXiv answered 500 Internal Server Error (tried 3 times)"), result.Error);
        Assert.Empty(result.Papers);
        var requests = rig.Server.Requests;
        Assert.Equal(3, requests.Count);
        Assert.True(Gap(requests, 1) >= TimeSpan.FromSeconds(2), $"first retry after {Gap(requests, 1)}");
        Assert.True(Gap(requests, 2) >= TimeSpan.FromSeconds(4), $"second retry after {Gap(requests, 2)}");
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        var clock = new FastForwardClock();
        await using var rig = await ArxivTestRig.StartAsync(clock);
        rig.Server.FailNext(ReplayFault.Drop(), ReplayFault.DropHalfway());

        var result = await rig.Client.FetchByIdsAsync([Known]);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Single(result.Papers);
        Assert.Equal(3, rig.Server.Requests.Count);
    }

    [Fact]
    public async Task No_answer_on_any_attempt_is_an_unreachable_error()
    {
        var clock = new FastForwardClock();
        await using var rig = await ArxivTestRig.StartAsync(clock, o => o.RetryCount = 1);
        rig.Server.FailNext(ReplayFault.Drop(), ReplayFault.Drop());

        var result = await rig.Client.FetchByIdsAsync([Known]);

        Assert.Equal(ArxivErrorKind.Unreachable, result.Error?.Kind);
        Assert.EndsWith("(tried 2 times)", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(2, rig.Server.Requests.Count);
    }

    [Fact]
    public async Task A_slow_response_times_out_and_is_retried()
    {
        // HttpClient's timeout runs on real time; the server holds the first request far longer than that. The
        // timeout leaves room for the second, normal answer on a loaded machine (300 ms sometimes timed it out too).
        var clock = new FastForwardClock();
        await using var rig = await ArxivTestRig.StartAsync(clock, o => o.Timeout = TimeSpan.FromSeconds(3));
        rig.Server.FailNext(ReplayFault.Slow(TimeSpan.FromSeconds(20)));

        var result = await rig.Client.FetchByIdsAsync([Known]);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(2, rig.Server.Requests.Count);
    }

    [Fact]
    public async Task A_cut_off_body_is_a_bad_response_not_an_exception()
    {
        var clock = new FastForwardClock();
        await using var rig = await ArxivTestRig.StartAsync(clock);
        rig.Server.FailNext(ReplayFault.HalfBody());

        var result = await rig.Client.FetchByIdsAsync([Known]);

        Assert.Equal(ArxivErrorKind.BadResponse, result.Error?.Kind);
        Assert.Single(rig.Server.Requests);
    }

    [Fact]
    public async Task A_retry_after_beyond_the_limit_ends_the_request_instead_of_waiting()
    {
        var clock = new FastForwardClock();
        await using var rig = await ArxivTestRig.StartAsync(clock, o => o.MaxRetryAfter = TimeSpan.FromMinutes(5));
        rig.Server.FailNext(ReplayFault.Unavailable("86400"));

        var result = await rig.Client.FetchByIdsAsync([Known]);

        Assert.Equal(ArxivErrorKind.HttpError, result.Error?.Kind);
        Assert.Contains("asked to wait 1.00:00:00", result.Error!.Message, StringComparison.Ordinal);
        Assert.Single(rig.Server.Requests);
        Assert.DoesNotContain(clock.Waits, w => w >= TimeSpan.FromMinutes(5));
    }
}
