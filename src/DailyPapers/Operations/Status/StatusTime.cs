using System.Globalization;

namespace DailyPapers.Operations.Status;

/// <summary>How the status sections write times and ages.</summary>
internal static class StatusTime
{
    public static string At(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "never";

    public static string At(DateTime time) => At(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)));

    /// <summary>"12 s ago", "5 min ago", "3 h ago", "2 d ago".</summary>
    public static string Ago(TimeSpan age) => age.TotalSeconds switch
    {
        < 0 => "just now",
        < 120 => $"{(int)age.TotalSeconds} s ago",
        < 7200 => $"{(int)age.TotalMinutes} min ago",
        < 172800 => $"{(int)age.TotalHours} h ago",
        _ => $"{(int)age.TotalDays} d ago",
    };

    /// <summary>"45 s", "10 min", "1 h", "1 h 30 min", "2 d".</summary>
    public static string Span(TimeSpan span) => span.TotalSeconds switch
    {
        < 60 => $"{(int)span.TotalSeconds} s",
        < 3600 => $"{(int)span.TotalMinutes} min",
        < 86400 => span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min",
        _ => $"{(int)span.TotalDays} d",
    };

    public static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
