using DailyPapers.Papers.Links;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Ingest.GitHub;

/// <summary>How a run of <see cref="LinkedCodeJob"/> ended.</summary>
public sealed record LinkedCodeRun
{
    /// <summary>Another node holds the job; this one did nothing.</summary>
    public bool Busy { get; init; }
    public int Backfilled { get; init; }
    public int Read { get; init; }
    public int Unchanged { get; init; }
    public int Missing { get; init; }

    /// <summary>GitHub failed or was unreachable; the rest waits for the next run.</summary>
    public string? Failure { get; init; }

    /// <summary>GitHub's rate limit: no request before this time.</summary>
    public DateTimeOffset? PausedUntil { get; init; }
}

/// <summary>
/// One run of the linked-code job, on one node at a time (an advisory lock on PostgreSQL): first the one-off look
/// for links in papers stored before linked code existed (<see cref="LinkBackfill"/>), then, with
/// <c>GitHub:Enabled</c>, the stars of every repository that is due: at most one request per
/// <c>GitHub:MinInterval</c>, conditional on the last ETag, and none at all while GitHub's rate limit says to wait
/// (Retry-After, or X-RateLimit-Remaining 0 until X-RateLimit-Reset). A failure ends the run quietly; the site
/// keeps the stars it had and says when they were read.
/// </summary>
public sealed class LinkedCodeJob(
    Database database, LinkBackfill backfill, GitHubRepoStore repos, GitHubClient github, IOptions<GitHubOptions> options,
    TimeProvider clock, ILogger<LinkedCodeJob> logger) : IDisposable
{
    /// <summary>The advisory lock key: "GHstars" in ASCII.</summary>
    public const long LockKey = 0x47_48_73_74_61_72_73;

    private const int BatchSize = 50;

    private readonly SemaphoreSlim _oneRun = new(1, 1);
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _lastRequest = DateTimeOffset.MinValue;

    public async Task<LinkedCodeRun> RunOnceAsync(CancellationToken ct)
    {
        await _oneRun.WaitAsync(ct);
        try
        {
            await using var held = await AdvisoryLock.TryTakeAsync(database, LockKey, ct);
            if (held is null)
            {
                return new LinkedCodeRun { Busy = true };
            }
            var run = new LinkedCodeRun { Backfilled = await backfill.RunAsync(ct) };
            return options.Value.Enabled ? await ReadStarsAsync(run, ct) : run;
        }
        finally
        {
            _oneRun.Release();
        }
    }

    public void Dispose() => _oneRun.Dispose();

    private async Task<LinkedCodeRun> ReadStarsAsync(LinkedCodeRun run, CancellationToken ct)
    {
        var o = options.Value;
        if (clock.GetUtcNow() < _pausedUntil)
        {
            return run with { PausedUntil = _pausedUntil };
        }
        await repos.AddNewAsync(ct);
        while (true)
        {
            var due = await repos.DueAsync(clock.GetUtcNow().UtcDateTime, BatchSize, ct);
            if (due.Count == 0)
            {
                break;
            }
            foreach (var repo in due)
            {
                var wait = _lastRequest + o.MinInterval - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, ct);
                }
                _lastRequest = clock.GetUtcNow();
                var reading = await github.ReadRepoAsync(repo.Repo, repo.ETag, ct);
                var now = clock.GetUtcNow().UtcDateTime;
                switch (reading.Answer)
                {
                    case GitHubAnswer.RateLimited:
                        _pausedUntil = reading.RetryAt ?? clock.GetUtcNow() + TimeSpan.FromMinutes(1);
                        logger.LogWarning("GitHub rate limit: no star reading before {Until:u}", _pausedUntil);
                        return run with { PausedUntil = _pausedUntil };
                    case GitHubAnswer.Failed:
                        logger.LogWarning("GitHub did not answer for {Repo} ({Error}); stars stay as last read, next try in {Interval}", repo.Repo, reading.Error, o.CheckInterval);
                        return run with { Failure = reading.Error };
                }
                await repos.RecordAsync(repo.Repo, reading, now, now + o.RefreshInterval, ct);
                run = reading.Answer switch
                {
                    GitHubAnswer.Read => run with { Read = run.Read + 1 },
                    GitHubAnswer.NotModified => run with { Unchanged = run.Unchanged + 1 },
                    _ => run with { Missing = run.Missing + 1 },
                };
                if (reading.Remaining == 0)
                {
                    _pausedUntil = reading.Reset ?? clock.GetUtcNow() + TimeSpan.FromMinutes(1);
                    logger.LogInformation("GitHub rate limit used up: next star reading at {Until:u}", _pausedUntil);
                    return run with { PausedUntil = _pausedUntil };
                }
            }
        }
        if (run.Read + run.Unchanged + run.Missing > 0)
        {
            logger.LogInformation("Read the stars of {Count} repositories ({Unchanged} unchanged, {Missing} missing)",
                run.Read + run.Unchanged + run.Missing, run.Unchanged, run.Missing);
        }
        return run;
    }
}
