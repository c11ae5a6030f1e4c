using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using DailyPapers.Recommendations;
using DailyPapers.Recommendations.Model;

namespace DailyPapers.Bench.Recommend;

/// <summary>
/// DailyPapers' recommender as the product runs it (<see cref="ReaderModel"/> over <see cref="CandidateSet"/>,
/// the code <c>Recommender</c> calls after reading signals and papers from the database), fed the reader's
/// profile as papers they saved. The text-only variant turns author names off.
/// </summary>
internal static class ProductRanking
{
    /// <summary>Papers averaged for the catalogue's centre, as the product samples its vector index.</summary>
    private const int CentreSample = 2_000;

    private static readonly ConcurrentDictionary<(BenchCatalogue, DateOnly, bool, bool, float), Lazy<CandidateSet>> Weeks = new();
    private static readonly ConditionalWeakTable<BenchCatalogue, ModelPaper[]> Papers = new();

    /// <summary>
    /// The recommender twice: the profile as papers the reader saved (their own name then counts as an author to
    /// follow, which gives the answer away in the with-authors variant), and as papers they claimed as their author
    /// (as the product models an author: their own name is left out, co-authors count).
    /// </summary>
    public static IEnumerable<Ranking> Create()
    {
        yield return Create("DailyPapers recommender (profile saved)", ModelSettings.Default, centre: true);
        yield return Create("DailyPapers recommender (profile claimed)", ModelSettings.Default, centre: true, claimed: true);
    }

    /// <summary>A ranking with other model settings (the text-only variant always turns authors off).</summary>
    public static Ranking Create(string name, ModelSettings settings, bool centre, bool claimed = false, bool weekCentre = false) =>
        new(name, (c, r) => Score(c, r, settings, centre, claimed, weekCentre));

    private static float[] Score(BenchCatalogue c, AuthorReader r, ModelSettings settings, bool centre, bool claimed, bool weekCentre)
    {
        var papers = Papers.GetValue(c, catalogue => catalogue.Papers.Select((p, i) => new ModelPaper(new PaperFacts
        {
            ArxivId = p.Id,
            Title = p.Title,
            Abstract = p.Abstract,
            Authors = catalogue.Variant == Variant.WithAuthors ? p.Authors : [],
            Categories = p.Categories,
            PublishedAt = p.Day.ToDateTime(new TimeOnly(20, 0), DateTimeKind.Utc),
        }, catalogue.Vectors[i])).ToArray());
        // As the product ranks a day's papers once for every reader: the whole week, each reader's candidates taken from it.
        var week = Weeks.GetOrAdd((c, r.Day, centre, weekCentre, settings.IdfPower), key => new Lazy<CandidateSet>(() => Week(key.Item1, key.Item2, papers, key.Item3, key.Item4, settings))).Value;
        var saved = r.Profile.Select(i => new ReaderSignal(c.Papers[i].Id, claimed ? SignalKind.Authored : SignalKind.Saved,
            c.Papers[i].Day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), claimed ? r.Author : null)).ToList();
        var model = ReaderModel.Build(saved, r.Profile.ToDictionary(i => c.Papers[i].Id, i => papers[i], StringComparer.Ordinal), week.Space,
            settings with { UseAuthors = settings.UseAuthors && c.Variant == Variant.WithAuthors });
        var ranked = model.Rank(week);
        // Scores back in candidate order; the rank decides, so the score is minus the position.
        var position = ranked.Select((p, k) => (p.ArxivId, k)).ToDictionary(x => x.ArxivId, x => x.k, StringComparer.Ordinal);
        return r.Candidates.Select(i => -(float)position[c.Papers[i].Id]).ToArray();
    }

    private static CandidateSet Week(BenchCatalogue c, DateOnly day, ModelPaper[] papers, bool centre, bool weekCentre, ModelSettings settings)
    {
        var end = day.AddDays(7);
        var week = Enumerable.Range(0, c.Papers.Count).Where(i => c.Papers[i].Day >= day && c.Papers[i].Day < end).Select(i => papers[i]);
        var list = week.ToList();
        var space = weekCentre ? PaperSpace.FromSample(list.Select(p => p.Vector).OfType<float[]>()) : centre ? Centre(c, day) : PaperSpace.Raw;
        return CandidateSet.Prepare(list, space, settings);
    }

    /// <summary>The product takes its centre from a sample of the vector index: here, of the papers announced by the end of the week.</summary>
    private static PaperSpace Centre(BenchCatalogue c, DateOnly day)
    {
        var known = Enumerable.Range(0, c.Papers.Count).Where(i => c.Papers[i].Day < day.AddDays(7) && c.Vectors[i] is not null).ToArray();
        new Random(1).Shuffle(known);
        return PaperSpace.FromSample(known.Take(CentreSample).Select(i => c.Vectors[i]!));
    }
}
