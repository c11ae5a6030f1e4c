using System.Globalization;
using Spectre.Console;

namespace DailyPapers.Ingest.Snapshot;

/// <summary>
/// What an operator sees of an import. On a terminal: a progress bar over the file's bytes with rate and ETA.
/// Otherwise (CI logs, pipes): a plain progress line on stderr every few seconds. Either way each rejected line
/// is listed on stderr with its number and reason (the first <see cref="ListedRejections"/>, then a count),
/// and the summary goes to stdout.
/// </summary>
public sealed class SnapshotImportConsole(TextWriter output, TextWriter error, bool interactive) : ISnapshotImportObserver
{
    public const int ListedRejections = 100;
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    private IAnsiConsole? _terminal;
    private ProgressTask? _bar;
    private TimeSpan _lastPlainLine = TimeSpan.Zero;
    private long _rejections;
    private string _name = "";

    /// <summary>True when stderr is a terminal that can redraw a progress bar.</summary>
    public static bool StderrIsInteractive =>
        !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "" or "dumb");

    /// <summary>Runs the import under the right kind of progress display, then prints the summary.</summary>
    public async Task<SnapshotImportResult> RunAsync(string file, Func<ISnapshotImportObserver, Task<SnapshotImportResult>> import)
    {
        SnapshotImportResult result;
        _name = Path.GetFileName(file);
        if (interactive)
        {
            _terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
            result = await _terminal.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new TransferSpeedColumn(), new RemainingTimeColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    _bar = ctx.AddTask(Markup.Escape(_name), maxValue: Math.Max(1, new FileInfo(file).Length));
                    return await import(this);
                });
        }
        else
        {
            result = await import(this);
        }
        WriteSummary(file, result);
        return result;
    }

    public void Resuming(long line) =>
        Say(string.Create(CultureInfo.InvariantCulture, $"Resuming at line {line}: an earlier import of this file stopped there (--restart reads it from the start)."));

    public void WaitingForIndexes() =>
        Say("Waiting for another import, or a web node building the indexes an interrupted bulk load took off, to finish.");

    public void BuildingIndexes(IReadOnlyList<string> names) =>
        Say($"Building the indexes taken off for the bulk load: {string.Join(", ", names)}.");

    public void Rejected(SnapshotRejectedLine line)
    {
        if (++_rejections <= ListedRejections)
        {
            // Plain digits, so the number can be handed to --from-line or sed as it is.
            Say(string.Create(CultureInfo.InvariantCulture, $"line {line.LineNumber}: {line.Reason}"));
        }
    }

    public void Committed(SnapshotImportProgress progress)
    {
        if (_bar is not null)
        {
            _bar.Value = progress.BytesDone;
            _bar.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{_name}: line {progress.LastLine:N0}, {progress.LinesPerSecond:N0} lines/s"));
        }
        else if (progress.Elapsed - _lastPlainLine >= PlainInterval)
        {
            _lastPlainLine = progress.Elapsed;
            var percent = progress.FileBytes == 0 ? 100 : 100.0 * progress.BytesDone / progress.FileBytes;
            var eta = progress.Remaining is { } r ? $", about {Duration(r)} left" : "";
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"progress: {percent:F1}% (line {progress.LastLine:N0}), {progress.LinesRead:N0} lines read, {progress.LinesPerSecond:N0} lines/s{eta}"));
        }
    }

    private void WriteSummary(string file, SnapshotImportResult result)
    {
        var t = result.Totals;
        if (_rejections > ListedRejections)
        {
            Say(string.Create(CultureInfo.InvariantCulture, $"... and {_rejections - ListedRejections:N0} more rejected lines (only the first {ListedRejections} are listed)."));
        }
        var seconds = Math.Max(t.Elapsed.TotalSeconds, 0.001);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            Imported {file}
              read       {t.LinesRead,12:N0} lines in {seconds:F1} s ({t.LinesRead / seconds:N0} lines/s)
              inserted   {t.Inserted,12:N0}
              updated    {t.Updated,12:N0}
              unchanged  {t.Unchanged,12:N0}
              rejected   {t.Rejected,12:N0}{(t.Rejected > 0 ? " (listed on stderr)" : "")}
            """));
        if (t.Blank > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  blank      {t.Blank,12:N0} (not records; skipped)"));
        }
        if (result.ResumedAtLine is { } resumed)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Resumed at line {resumed} (an interrupted import of this file had committed the lines before it)."));
        }
        var end = result.StoppedAtLimit
            ? string.Create(CultureInfo.InvariantCulture, $"Stopped after line {t.LastLine:N0} as --limit asked")
            : t.LinesRead == 0 && result.ResumedAtLine is null ? "The file holds no lines to import" : "Read to the end of the file";
        output.WriteLine(t.Rejected == 0
            ? $"{end}."
            : string.Create(CultureInfo.InvariantCulture, $"{end}; {t.Rejected:N0} rejected lines were skipped, the rest is imported."));
    }

    /// <summary>A line on stderr that does not tear the progress bar.</summary>
    private void Say(string text)
    {
        if (_terminal is not null)
        {
            _terminal.WriteLine(text);
        }
        else
        {
            error.WriteLine(text);
        }
    }

    private static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:00}s" : $"{Math.Ceiling(t.TotalSeconds)}s";
}
