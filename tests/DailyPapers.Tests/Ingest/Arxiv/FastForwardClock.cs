using System.Collections.Concurrent;

namespace DailyPapers.Tests.Ingest.Arxiv;

/// <summary>
/// A clock that stands still until something waits on it, then jumps ahead by the wait and fires the timer at
/// once. Tests see every wait the code asked for (in <see cref="Waits"/> and in the times a replay server
/// records) without spending it.
/// </summary>
public sealed class FastForwardClock(DateTimeOffset start) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> waits = new();
    private long elapsedTicks;

    public FastForwardClock()
        : this(new DateTimeOffset(2026, 4, 13, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public IReadOnlyList<TimeSpan> Waits => [.. waits];

    public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromTicks(Interlocked.Read(ref elapsedTicks));

    public override long GetTimestamp() => Interlocked.Read(ref elapsedTicks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new JumpTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Advance(TimeSpan by)
    {
        waits.Enqueue(by);
        Interlocked.Add(ref elapsedTicks, by.Ticks);
    }

    // Fires once per Change; periodic timers are not needed by the code under test.
    private sealed class JumpTimer(FastForwardClock clock, TimerCallback callback, object? state) : ITimer
    {
        private int disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime == Timeout.InfiniteTimeSpan || Volatile.Read(ref disposed) == 1)
            {
                return true;
            }
            clock.Advance(dueTime);
            ThreadPool.QueueUserWorkItem(_ =>
            {
                if (Volatile.Read(ref disposed) == 0)
                {
                    callback(state);
                }
            });
            return true;
        }

        public void Dispose() => Volatile.Write(ref disposed, 1);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
