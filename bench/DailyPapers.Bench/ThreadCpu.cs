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
