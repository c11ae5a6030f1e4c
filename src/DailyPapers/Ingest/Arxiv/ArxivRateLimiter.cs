using Microsoft.Extensions.Options;

namespace DailyPapers.Ingest.Arxiv;

/// <summary>
/// The one gate every arXiv request of this process passes (query API and OAI-PMH alike): at most one request
/// in flight, and at least <see cref="ArxivOptions.MinInterval"/> between the end of one request and the start
/// of the next. Counting from the end rather than the start keeps arrivals at arXiv at least that far apart
/// whatever the network does. A holder may push the next start further out (Retry-After, backoff).
/// </summary>
public sealed class ArxivRateLimiter(IOptions<ArxivOptions> options, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    // Timestamp (clock.GetTimestamp units) before which no request may start; only touched while holding the gate.
    private long notBefore;

    /// <summary>Waits until this process may send an arXiv request; dispose the lease when the response is read.</summary>
    public async Task<Lease> AcquireAsync(CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        try
        {
            // Timers may fire a tick early, so wait again for any remainder: the interval is a promise to arXiv.
            for (var wait = Remaining(); wait > TimeSpan.Zero; wait = Remaining())
            {
                await Task.Delay(wait, clock, ct);
            }
            return new Lease(this);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    public void Dispose() => gate.Dispose();

    private TimeSpan Remaining() => clock.GetElapsedTime(clock.GetTimestamp(), notBefore);

    private void Release(TimeSpan extraWait)
    {
        var wait = extraWait > options.Value.MinInterval ? extraWait : options.Value.MinInterval;
        notBefore = clock.GetTimestamp() + (long)(wait.TotalSeconds * clock.TimestampFrequency);
        gate.Release();
    }

    /// <summary>Permission to send one request; disposing it lets the next one go after the interval.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly ArxivRateLimiter limiter;
        private TimeSpan extraWait;
        private bool released;

        internal Lease(ArxivRateLimiter limiter) => this.limiter = limiter;

        /// <summary>Keeps every arXiv request of the process from starting until this long after this one ends.</summary>
        public void HoldOffNext(TimeSpan wait)
        {
            if (wait > extraWait)
            {
                extraWait = wait;
            }
        }

        public void Dispose()
        {
            if (!released)
            {
                released = true;
                limiter.Release(extraWait);
            }
        }
    }
}
