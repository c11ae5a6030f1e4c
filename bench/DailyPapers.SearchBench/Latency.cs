using System.Diagnostics;

namespace DailyPapers.SearchBench;

/// <summary>
/// Times one operation per query (after a few warm-up runs): median and 99th percentile of wall-clock time, and
/// the mean CPU time of the whole process per query, which a busy shared machine inflates far less.
/// </summary>
internal static class Latency
{
    public sealed record Result(double P50, double P99, double CpuMean, int Count);

    public static Result Measure<T>(IReadOnlyList<T> inputs, Action<T> run, int warmup = 10)
    {
        foreach (var input in inputs.Take(warmup))
        {
            run(input);
        }
        var times = new List<double>(inputs.Count);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        foreach (var input in inputs)
        {
            var start = Stopwatch.GetTimestamp();
            run(input);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / Math.Max(1, inputs.Count);
        times.Sort();
        return new Result(Percentile(times, 0.50), Percentile(times, 0.99), cpu, times.Count);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
