using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DailyPapers.Feed;

public enum PeriodKind
{
    Day,
    Week,
    Month,
}

/// <summary>
/// A span of daily lists: a day (<c>2025-12-11</c>), an ISO week (<c>2025-W50</c>) or a month (<c>2025-12</c>),
/// with the neighbouring spans for previous/next links. <see cref="From"/> and <see cref="To"/> are inclusive.
/// </summary>
public sealed record ListPeriod(PeriodKind Kind, DateOnly From, DateOnly To)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static ListPeriod Day(DateOnly d) => new(PeriodKind.Day, d, d);

    public static ListPeriod Week(int isoYear, int week)
    {
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(isoYear, week, DayOfWeek.Monday));
        return new(PeriodKind.Week, monday, monday.AddDays(6));
    }

    public static ListPeriod Month(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return new(PeriodKind.Month, first, first.AddMonths(1).AddDays(-1));
    }

    /// <summary>The canonical text: <c>2025-12-11</c>, <c>2025-W50</c> or <c>2025-12</c>.</summary>
    public string Key => Kind switch
    {
        PeriodKind.Day => From.ToString("yyyy-MM-dd", Inv),
        PeriodKind.Week => $"{ISOWeek.GetYear(From.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(From.ToDateTime(TimeOnly.MinValue)):00}",
        _ => From.ToString("yyyy-MM", Inv),
    };

    public string Path => $"/papers/{(Kind == PeriodKind.Day ? "date" : Kind.ToString().ToLowerInvariant())}/{Key}";

    public string Title => Kind switch
    {
        PeriodKind.Day => From.ToString("dddd, MMMM d, yyyy", Inv),
        PeriodKind.Week => $"Week {ISOWeek.GetWeekOfYear(From.ToDateTime(TimeOnly.MinValue))} of {ISOWeek.GetYear(From.ToDateTime(TimeOnly.MinValue))} ({From.ToString("MMM d", Inv)} – {To.ToString("MMM d", Inv)})",
        _ => From.ToString("MMMM yyyy", Inv),
    };

    public ListPeriod Previous => Kind switch
    {
        PeriodKind.Day => Day(From.AddDays(-1)),
        PeriodKind.Week => new(PeriodKind.Week, From.AddDays(-7), To.AddDays(-7)),
        _ => Month(From.AddMonths(-1).Year, From.AddMonths(-1).Month),
    };

    public ListPeriod Next => Kind switch
    {
        PeriodKind.Day => Day(From.AddDays(1)),
        PeriodKind.Week => new(PeriodKind.Week, From.AddDays(7), To.AddDays(7)),
        _ => Month(From.AddMonths(1).Year, From.AddMonths(1).Month),
    };

    /// <summary>
    /// The years a list address may name. arXiv starts in 1991; the last year stops at 9998 so that every page's
    /// links (the next day, week and month, the month holding the day) stay within <see cref="DateOnly.MaxValue"/>.
    /// </summary>
    public const int FirstYear = 1991, LastYear = 9998;

    public static bool TryParseDay([NotNullWhen(true)] string? s, [NotNullWhen(true)] out ListPeriod? period)
    {
        period = null;
        if (!DateOnly.TryParseExact(s, "yyyy-MM-dd", Inv, DateTimeStyles.None, out var d) || d.Year < FirstYear || d.Year > LastYear)
        {
            return false;
        }
        period = Day(d);
        return true;
    }

    public static bool TryParseWeek([NotNullWhen(true)] string? s, [NotNullWhen(true)] out ListPeriod? period)
    {
        period = null;
        if (s is not { Length: 8 } || s[4] != '-' || (s[5] != 'W' && s[5] != 'w')
            || !int.TryParse(s.AsSpan(0, 4), NumberStyles.None, Inv, out var year)
            || !int.TryParse(s.AsSpan(6, 2), NumberStyles.None, Inv, out var week)
            || year < FirstYear || year > LastYear || week < 1 || week > ISOWeek.GetWeeksInYear(year))
        {
            return false;
        }
        period = Week(year, week);
        return true;
    }

    public static bool TryParseMonth([NotNullWhen(true)] string? s, [NotNullWhen(true)] out ListPeriod? period)
    {
        period = null;
        if (!DateOnly.TryParseExact(s + "-01", "yyyy-MM-dd", Inv, DateTimeStyles.None, out var d) || d.Year < FirstYear || d.Year > LastYear)
        {
            return false;
        }
        period = Month(d.Year, d.Month);
        return true;
    }
}
