using System.Globalization;

namespace DailyPapers.Bench;

/// <summary>
/// CPU time of the calling thread, from /proc/thread-self/stat (Linux). On a shared machine wall time moves
/// with everyone else's load; a thread's own CPU time mostly does not.
/// </summary>
internal static class ThreadCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on

    public static TimeSpan Now()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        // Fields after the ")" that closes the thread name: state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}

/// <summary>CPU time of every thread of the process, by thread, from /proc/self/task (Linux).</summary>
internal static class ProcessThreads
{
    public readonly record struct Sample(string Name, TimeSpan Cpu);

    public static Dictionary<int, Sample> Now()
    {
        var threads = new Dictionary<int, Sample>();
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                threads[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] = new Sample(name, TimeSpan.FromSeconds(ticks / 100.0));
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }
        return threads;
    }

    /// <summary>
    /// CPU seconds each thread used between two samples, busiest first (threads under 50 ms left out); threads
    /// that ended in between (such as an import's reading thread) are the rest of the process's CPU time.
    /// </summary>
    public static IEnumerable<(string Name, double Seconds)> Used(Dictionary<int, Sample> before, Dictionary<int, Sample> after, TimeSpan processCpu)
    {
        var live = after.Select(a => (a.Value.Name, Seconds: (a.Value.Cpu - (before.TryGetValue(a.Key, out var b) && b.Name == a.Value.Name ? b.Cpu : TimeSpan.Zero)).TotalSeconds)).ToList();
        return live.Append((Name: "threads that ended", Seconds: processCpu.TotalSeconds - live.Sum(t => t.Seconds)))
            .Where(t => t.Seconds >= 0.05)
            .OrderByDescending(t => t.Seconds);
    }
}
