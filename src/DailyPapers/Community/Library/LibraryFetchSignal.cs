namespace DailyPapers.Community.Library;

/// <summary>Wakes this node's fetch job when an import leaves papers waiting for arXiv, instead of letting it sleep its interval out.</summary>
public sealed class LibraryFetchSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Woken already: the job runs once for both.
        }
    }

    public void Dispose() => _wake.Dispose();

    /// <summary>Waits for <see cref="Wake"/> or until <paramref name="timeout"/> has passed on <paramref name="clock"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(timeout, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            await _wake.WaitAsync(either.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The interval is over.
        }
    }
}
