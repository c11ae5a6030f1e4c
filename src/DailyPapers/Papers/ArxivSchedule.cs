namespace DailyPapers.Papers;

/// <summary>
/// arXiv's announcement calendar (info.arxiv.org/help/availability): submissions received by 14:00 US Eastern on a
/// weekday are announced at 20:00 Eastern that evening (Monday to Thursday) or on Sunday evening (Friday's), and
/// the listing they appear in is dated the next weekday. A paper's announcement day is that listing's date:
/// Monday to Friday, the date on arXiv's "new submissions" page and in the archive a daily crawler keeps. Holidays
/// and arXiv's rare delays are not modelled: they move an announcement later, never earlier.
/// </summary>
public static class ArxivSchedule
{
    /// <summary>Submissions received before this time (Eastern) on a weekday go out that evening.</summary>
    public static readonly TimeOnly SubmissionDeadline = new(14, 0);

    /// <summary>When arXiv announces, Sunday to Thursday, Eastern time.</summary>
    public static readonly TimeOnly AnnouncementTime = new(20, 0);

    /// <summary>US Eastern time, with daylight saving: the system's America/New_York, or the US rule since 2007 where the system has no time zone data.</summary>
    public static TimeZoneInfo Eastern { get; } = FindZone("America/New_York") ?? UsEastern();

    /// <summary>The time zone with this id, or null when the system does not know it.</summary>
    public static TimeZoneInfo? FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>The announcement day of a paper whose first version arXiv received at <paramref name="submittedUtc"/>.</summary>
    public static DateOnly AnnouncementDay(DateTime submittedUtc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(submittedUtc, DateTimeKind.Utc), Eastern);
        var day = DateOnly.FromDateTime(local);
        // The deadline the submission makes: today's if it is a weekday before 14:00, else the next weekday's.
        if (!IsWeekday(day) || TimeOnly.FromDateTime(local) >= SubmissionDeadline)
        {
            day = NextWeekday(day);
        }
        return NextWeekday(day);
    }

    /// <summary>
    /// The announcement day of an arXivRaw record: by its first version's date, unless the record has only that
    /// version and its OAI datestamp (the day arXiv last changed it) falls within a week after: then arXiv
    /// announced it later than the calendar says (a holiday), and the datestamp is the day it did.
    /// </summary>
    public static DateOnly AnnouncementDay(DateTime firstVersionUtc, int versions, DateOnly? datestamp)
    {
        var byCalendar = AnnouncementDay(firstVersionUtc);
        return versions == 1 && datestamp is { } stamp && stamp > byCalendar && stamp <= byCalendar.AddDays(7) ? stamp : byCalendar;
    }

    /// <summary>The last moment a submission made the listing of <paramref name="day"/>: 14:00 Eastern on the weekday before.</summary>
    public static DateTimeOffset DeadlineOf(DateOnly day)
    {
        var before = day.AddDays(-1);
        while (!IsWeekday(before))
        {
            before = before.AddDays(-1);
        }
        return At(before, SubmissionDeadline, Eastern);
    }

    /// <summary>When the listing of <paramref name="day"/> went out: 20:00 Eastern on the evening before (Sunday for Monday's).</summary>
    public static DateTimeOffset AnnouncedAt(DateOnly day) => At(day.AddDays(-1), AnnouncementTime, Eastern);

    /// <summary>
    /// The time of day <paramref name="time"/> in <paramref name="zone"/> on <paramref name="day"/>, as an instant; a time
    /// that the change to daylight saving skips is taken an hour later.
    /// </summary>
    public static DateTimeOffset At(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Whether arXiv announces on the evening of <paramref name="day"/> (Sunday to Thursday).</summary>
    public static bool AnnouncesOn(DayOfWeek day) => day is not (DayOfWeek.Friday or DayOfWeek.Saturday);

    private static bool IsWeekday(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    private static DateOnly NextWeekday(DateOnly day)
    {
        do
        {
            day = day.AddDays(1);
        }
        while (!IsWeekday(day));
        return day;
    }

    /// <summary>US Eastern as the law has had it since 2007: UTC−5, daylight time from the second Sunday of March to the first Sunday of November, at 2:00.</summary>
    private static TimeZoneInfo UsEastern()
    {
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 2, DayOfWeek.Sunday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 11, 1, DayOfWeek.Sunday));
        return TimeZoneInfo.CreateCustomTimeZone("US Eastern", TimeSpan.FromHours(-5), "US Eastern", "EST", "EDT", [rule]);
    }
}
