using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DailyPapers.Feed;

namespace DailyPapers.Digest;

public enum DigestFrequency
{
    Daily,
    Weekly,
}

/// <summary>
/// One digest issue: the frequency and the day it goes out, and the list days it covers. A daily digest goes out
/// on weekdays (as Hugging Face's does) and covers the days since the previous weekday: Tuesday's covers Monday,
/// Monday's covers Friday to Sunday. A weekly digest covers the seven days before the day it goes out.
/// </summary>
public sealed record DigestPeriod(DigestFrequency Frequency, DateOnly SendDate, DateOnly From, DateOnly To)
{
    /// <summary>Names the issue in the outbox, e.g. <c>daily:2026-11-27</c>; with the subscription it is the idempotency key.</summary>
    public string Key => $"{(Frequency == DigestFrequency.Daily ? "daily" : "weekly")}:{SendDate:yyyy-MM-dd}";

    public ListPeriod Lists => new(From == To ? PeriodKind.Day : PeriodKind.Week, From, To);

    /// <summary>The issue that goes out on <paramref name="date"/>, or null when none does (a daily digest at the weekend).</summary>
    public static DigestPeriod? For(DigestFrequency frequency, DateOnly date)
    {
        if (frequency == DigestFrequency.Weekly)
        {
            return new DigestPeriod(frequency, date, date.AddDays(-7), date.AddDays(-1));
        }
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return null;
        }
        var from = date.AddDays(date.DayOfWeek == DayOfWeek.Monday ? -3 : -1);
        return new DigestPeriod(frequency, date, from, date.AddDays(-1));
    }

    public static bool TryParseFrequency(string? text, out DigestFrequency frequency)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "daily":
                frequency = DigestFrequency.Daily;
                return true;
            case "weekly":
                frequency = DigestFrequency.Weekly;
                return true;
            default:
                frequency = default;
                return false;
        }
    }

    public static bool TryParseKey(string? key, [NotNullWhen(true)] out DigestPeriod? period)
    {
        period = null;
        var parts = key?.Split(':');
        return parts is { Length: 2 } && TryParseFrequency(parts[0], out var frequency)
            && DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && (period = For(frequency, date)) is not null;
    }

    public static string Name(DigestFrequency frequency) => frequency == DigestFrequency.Daily ? "daily" : "weekly";
}
