using System.Diagnostics;

namespace DailyPapers.SearchBench;

/// <summary>Times one operation per query (after a few warm-up runs) and reports the median and 99th percentile.</summary>
internal static class Latency
{
    public sealed record Result(double P50, double P99, int Count);

    public static Result Measure<T>(IReadOnlyList<T> inputs, Action<T> run, int warmup = 10)
    {
        foreach (var input in inputs.Take(warmup))
        {
            run(input);
        }
        var times = new List<double>(inputs.Count);
        foreach (var input in inputs)
        {
            var start = Stopwatch.GetTimestamp();
            run(input);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        return new Result(Percentile(times, 0.50), Percentile(times, 0.99), times.Count);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
