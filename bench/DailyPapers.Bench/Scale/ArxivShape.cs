namespace DailyPapers.Bench.Scale;

/// <summary>
/// How arXiv's catalogue is spread, roughly: new submissions per year (arXiv's published yearly counts, rounded),
/// primary categories by era (physics first, computer science most of the last decade), authors per paper (a long
/// tail up to collaborations of a thousand), and the three id styles (<c>hep-th/9901001</c> to 2007-03,
/// <c>0704.0001</c> to 2014-12, <c>1501.00001</c> since).
/// </summary>
internal static class ArxivShape
{
    public static readonly DateOnly First = new(1991, 8, 1);
    public static readonly DateOnly Last = new(2026, 7, 31);

    /// <summary>New submissions per year, thousands (arXiv statistics; 1991 from August, 2026 to July).</summary>
    private static readonly Dictionary<int, double> PerYear = new()
    {
        [1991] = 0.3, [1992] = 3.2, [1993] = 6.7, [1994] = 10.1, [1995] = 13.0, [1996] = 15.5, [1997] = 19.5, [1998] = 23.8,
        [1999] = 27.4, [2000] = 30.2, [2001] = 32.6, [2002] = 35.4, [2003] = 38.2, [2004] = 42.9, [2005] = 46.7, [2006] = 50.1,
        [2007] = 55.8, [2008] = 59.0, [2009] = 64.0, [2010] = 70.1, [2011] = 76.6, [2012] = 84.6, [2013] = 92.6, [2014] = 97.5,
        [2015] = 105.3, [2016] = 113.4, [2017] = 123.5, [2018] = 140.6, [2019] = 155.9, [2020] = 178.3, [2021] = 181.6,
        [2022] = 185.7, [2023] = 208.5, [2024] = 240.0, [2025] = 280.0, [2026] = 170.0,
    };

    /// <summary>Primary category groups with their weight in 1995, 2010 and 2025 (interpolated between), and their categories.</summary>
    private static readonly (double W1995, double W2010, double W2025, string Archive, string[] Categories)[] Groups =
    [
        (12, 6, 2, "hep-th", ["hep-th"]),
        (12, 7, 2.5, "hep-ph", ["hep-ph"]),
        (2, 1.5, 0.5, "hep-ex", ["hep-ex"]),
        (2, 1, 0.3, "hep-lat", ["hep-lat"]),
        (15, 11, 5, "astro-ph", ["astro-ph.CO", "astro-ph.GA", "astro-ph.SR", "astro-ph.HE", "astro-ph.EP", "astro-ph.IM"]),
        (18, 13, 6, "cond-mat", ["cond-mat.str-el", "cond-mat.mes-hall", "cond-mat.mtrl-sci", "cond-mat.stat-mech", "cond-mat.soft", "cond-mat.supr-con", "cond-mat.quant-gas", "cond-mat.dis-nn"]),
        (4, 3, 1.5, "gr-qc", ["gr-qc"]),
        (5, 6, 5, "quant-ph", ["quant-ph"]),
        (3, 1.5, 0.6, "nucl-th", ["nucl-th", "nucl-ex"]),
        (18, 25, 14, "math", ["math.AP", "math.PR", "math.CO", "math.AG", "math.NT", "math.DG", "math.OC", "math.NA", "math.FA", "math.ST", "math.DS", "math.GT", "math.RT", "math.MP"]),
        (4, 8, 8, "physics", ["physics.optics", "physics.flu-dyn", "physics.comp-ph", "physics.soc-ph", "physics.ins-det", "physics.app-ph", "physics.chem-ph", "physics.plasm-ph"]),
        (2, 10, 45, "cs", ["cs.LG", "cs.CV", "cs.CL", "cs.AI", "cs.RO", "cs.CR", "cs.IT", "cs.SE", "cs.DS", "cs.NI", "cs.HC", "cs.SY", "cs.IR", "cs.DC", "cs.NE", "cs.GT"]),
        (0.01, 2, 3, "stat", ["stat.ML", "stat.ME", "stat.AP", "stat.CO"]),
        (0.01, 0.01, 4, "eess", ["eess.SP", "eess.IV", "eess.SY", "eess.AS"]),
        (1, 2, 2.5, "q-bio", ["q-bio.NC", "q-bio.QM", "q-bio.PE", "q-fin.ST", "q-fin.CP", "econ.EM", "econ.GN", "nlin.CD", "nlin.PS"]),
    ];

    /// <summary>How many of <paramref name="total"/> papers each month gets, in order from <see cref="First"/> to <see cref="Last"/>.</summary>
    public static List<(DateOnly Month, int Count)> Months(int total)
    {
        var months = new List<(DateOnly Month, double Weight)>();
        for (var m = First; m <= Last; m = m.AddMonths(1))
        {
            var monthsThatYear = m.Year == 1991 ? 5 : m.Year == 2026 ? 7 : 12;
            // Growth within a year: later months a little fuller, as the yearly counts rise.
            months.Add((m, PerYear[m.Year] / monthsThatYear * (0.94 + 0.01 * m.Month)));
        }
        var sum = months.Sum(m => m.Weight);
        var result = new List<(DateOnly, int)>();
        var given = 0;
        var running = 0.0;
        foreach (var (month, weight) in months)
        {
            running += weight;
            var upTo = (int)Math.Round(running / sum * total);
            result.Add((month, upTo - given));
            given = upTo;
        }
        return result;
    }

    /// <summary>A primary category for a paper of this year, with 0–2 cross-lists (most from the same group).</summary>
    public static (string Archive, string[] Categories) Categories(Random random, int year)
    {
        var (a, b, t) = year <= 2010 ? (0, 1, Math.Clamp((year - 1995) / 15.0, 0, 1)) : (1, 2, Math.Clamp((year - 2010) / 15.0, 0, 1));
        double Weight(int g) => Lerp(Anchor(g, a), Anchor(g, b), t);
        var total = Enumerable.Range(0, Groups.Length).Sum(Weight);
        var pick = random.NextDouble() * total;
        var group = 0;
        for (; group < Groups.Length - 1; group++)
        {
            pick -= Weight(group);
            if (pick < 0)
            {
                break;
            }
        }
        var own = Groups[group].Categories;
        var primary = own[Zipf(random, own.Length)];
        var cross = random.NextDouble() switch { < 0.45 => 0, < 0.80 => 1, _ => 2 };
        var categories = new List<string> { primary };
        for (var i = 0; i < cross; i++)
        {
            var from = random.NextDouble() < 0.7 ? own : Groups[random.Next(Groups.Length)].Categories;
            var extra = from[random.Next(from.Length)];
            if (!categories.Contains(extra))
            {
                categories.Add(extra);
            }
        }
        // Before 2009 astrophysics had no subject classes: astro-ph alone.
        if (year < 2009)
        {
            categories = categories.Select(c => c.StartsWith("astro-ph.", StringComparison.Ordinal) ? "astro-ph" : c).Distinct().ToList();
        }
        return (Groups[group].Archive, categories.ToArray());
    }

    /// <summary>Authors per paper: median 3, mean about 5, a few collaborations in the hundreds.</summary>
    public static int AuthorCount(Random random) => random.NextDouble() switch
    {
        < 0.15 => 1,
        < 0.35 => 2,
        < 0.53 => 3,
        < 0.66 => 4,
        < 0.75 => 5,
        < 0.92 => 6 + random.Next(5),
        < 0.984 => 11 + random.Next(20),
        < 0.999 => 31 + random.Next(170),
        _ => 201 + random.Next(800),
    };

    /// <summary>An index into a list ranked by frequency, Zipf-like (rank r drawn with weight ~1/r).</summary>
    public static int Zipf(Random random, int count) =>
        Math.Min(count - 1, (int)Math.Floor(Math.Exp(random.NextDouble() * Math.Log(count + 1)) - 1));

    /// <summary>The arXiv id of the <paramref name="number"/>-th paper (1-based) of a month in an archive, in that month's style.</summary>
    public static string Id(DateOnly month, string archive, int number) =>
        month < new DateOnly(2007, 4, 1) ? $"{archive}/{month.Year % 100:00}{month.Month:00}{number:000}"
        : month.Year < 2015 ? $"{month.Year % 100:00}{month.Month:00}.{number:0000}"
        : $"{month.Year % 100:00}{month.Month:00}.{number:00000}";

    /// <summary>How many papers a month may number in its style (old style: per archive).</summary>
    public static int MaxNumber(DateOnly month) => month < new DateOnly(2007, 4, 1) ? 999 : month.Year < 2015 ? 9999 : 99999;

    private static double Anchor(int group, int anchor) => anchor switch { 0 => Groups[group].W1995, 1 => Groups[group].W2010, _ => Groups[group].W2025 };

    private static double Lerp(double from, double to, double t) => from + (to - from) * t;
}
