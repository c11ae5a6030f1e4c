using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Support;

/// <summary>
/// A logger provider that keeps every entry at <see cref="LogLevel.Information"/> and above (the levels the app logs at
/// by default) with its category, for tests of what an operator would see in the log.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>The entries from the app's own code (category DailyPapers.*), or from anywhere at Warning and above.</summary>
    public IReadOnlyList<LogEntry> Notable => [.. _entries.Where(e => e.Level >= LogLevel.Warning || e.Category.StartsWith("DailyPapers", StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record LogEntry(LogLevel Level, string Category, string Message);

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception)));
            }
        }
    }
}
