using System.Globalization;

namespace DailyPapers.Community.Votes;

/// <summary>
/// Where the points of the votes chart go: day on x, running total on y, in a fixed viewBox. Numbers are
/// formatted invariantly because they end up in SVG attributes.
/// </summary>
public sealed record VoteChartGeometry
{
    public const int Width = 320;
    public const int Height = 96;
    private const double Pad = 14;

    public required string Points { get; init; }
    public required IReadOnlyList<VoteChartMark> Marks { get; init; }
    public required string Summary { get; init; }
    public required string FirstDay { get; init; }
    public required string LastDay { get; init; }
    public required int Max { get; init; }
    public string Left => N(Pad);
    public string Right => N(Width - Pad);
    public string Bottom => N(Height - Pad);

    /// <summary>The chart of a history from <see cref="VoteStore.HistoryAsync"/>; null when it is empty.</summary>
    public static VoteChartGeometry? For(VoteHistory votes)
    {
        var history = votes.Days;
        if (history.Count == 0)
        {
            return null;
        }
        // Start the line the day before the first vote, at the count the paper had before it.
        var first = history[0].Day.AddDays(-1);
        var totals = new List<VoteTotal> { new(first, votes.Before) };
        totals.AddRange(history);
        var span = Math.Max(1, totals[^1].Day.DayNumber - first.DayNumber);
        var max = Math.Max(1, totals.Max(t => t.Upvotes));
        var marks = totals.Select(t => new VoteChartMark(
            N(Pad + (Width - 2 * Pad) * (t.Day.DayNumber - first.DayNumber) / span),
            N(Height - Pad - (Height - 2 * Pad) * t.Upvotes / (double)max),
            $"{Day(t.Day)}: {t.Upvotes.ToString(CultureInfo.InvariantCulture)} upvotes")).ToList();
        return new VoteChartGeometry
        {
            Points = string.Join(' ', marks.Select(m => m.X + "," + m.Y)),
            Marks = marks.Skip(1).ToList(),
            Summary = $"Upvotes by day, from {Day(history[0].Day)} to {Day(history[^1].Day)}: now {history[^1].Upvotes.ToString(CultureInfo.InvariantCulture)}",
            FirstDay = Day(first),
            LastDay = Day(totals[^1].Day),
            Max = max,
        };
    }

    private static string Day(DateOnly d) => d.ToString("MMM d", CultureInfo.InvariantCulture);

    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>One day's point on the chart, with its tooltip.</summary>
public sealed record VoteChartMark(string X, string Y, string Label);
