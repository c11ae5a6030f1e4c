using DailyPapers.Digest;
using DailyPapers.Digest.Assembly;

namespace DailyPapers.Tests.Digest;

public sealed class LinearPreferenceTests
{
    private static float[] Unit(params float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    [Fact]
    public void Learns_to_rank_papers_near_the_positives_above_the_rest()
    {
        var random = new Random(7);
        float[] Around(float[] center) => Unit(center.Select(c => c + (float)(random.NextDouble() - 0.5) * 0.3f).ToArray());
        var liked = Unit(1, 1, 0, 0);
        var other = Unit(0, 0, 1, 1);
        var positives = Enumerable.Range(0, 3).Select(_ => Around(liked)).ToList();
        var negatives = Enumerable.Range(0, 100).Select(i => Around(i % 5 == 0 ? Unit(1, 0, 0, 1) : other)).ToList();

        var model = LinearPreference.Train(positives, negatives);

        Assert.True(model.Score(Around(liked)) > 0);
        Assert.True(model.Score(Around(other)) < 0);
        Assert.True(model.Score(Unit(1, 1, 0.1f, 0)) > model.Score(Unit(1, 0, 0, 1)));
    }

    [Theory]
    [InlineData("2026-11-24", "2026-11-23", "2026-11-23")] // Tuesday: Monday's list
    [InlineData("2026-11-23", "2026-11-20", "2026-11-22")] // Monday: Friday to Sunday
    public void A_daily_digest_covers_the_days_since_the_previous_weekday(string send, string from, string to)
    {
        var period = DigestPeriod.For(DigestFrequency.Daily, DateOnly.Parse(send, System.Globalization.CultureInfo.InvariantCulture))!;
        Assert.Equal(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), period.From);
        Assert.Equal(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), period.To);
        Assert.True(DigestPeriod.TryParseKey(period.Key, out var parsed));
        Assert.Equal(period, parsed);
    }

    [Fact]
    public void No_daily_digest_at_the_weekend_and_a_weekly_one_covers_the_seven_days_before()
    {
        Assert.Null(DigestPeriod.For(DigestFrequency.Daily, new DateOnly(2026, 11, 28)));
        Assert.Null(DigestPeriod.For(DigestFrequency.Daily, new DateOnly(2026, 11, 29)));
        var weekly = DigestPeriod.For(DigestFrequency.Weekly, new DateOnly(2026, 11, 30))!;
        Assert.Equal((new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29)), (weekly.From, weekly.To));
        Assert.Equal("weekly:2026-11-30", weekly.Key);
        Assert.False(DigestPeriod.TryParseKey("hourly:2026-11-30", out _));
        Assert.False(DigestPeriod.TryParseKey("daily:2026-11-28", out _));
    }
}
