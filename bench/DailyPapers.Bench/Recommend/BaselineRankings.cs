namespace DailyPapers.Bench.Recommend;

/// <summary>A ranking under test: a score per candidate of a reader (higher first; ties go to the lower paper index).</summary>
internal sealed record Ranking(string Name, Func<BenchCatalogue, AuthorReader, float[]> Score);

/// <summary>The rankings DailyPapers' recommender is measured against (recommendations.md).</summary>
internal static class BaselineRankings
{
    public static IEnumerable<Ranking> All()
    {
        yield return new Ranking("newest first", (c, r) => r.Candidates.Select(i => (float)c.Papers[i].Day.DayNumber + Fraction(c.Papers[i].Id)).ToArray());
        yield return new Ranking("random", (_, r) =>
        {
            var random = new Random(HashCode.Combine(r.Author.Length, r.Day.DayNumber, r.Candidates.Count));
            return r.Candidates.Select(_ => random.NextSingle()).ToArray();
        });
        yield return new Ranking("similarity to the category's centre (tf-idf)", CategoryCentre);
        yield return new Ranking("similarity to the profile's centre (tf-idf)", (c, r) => Cosines(c, Centre(c, r.Profile), r.Candidates));
        yield return new Ranking("arxiv-sanity-lite (tf-idf + linear SVM)", ArxivSanity);
    }

    /// <summary>Within a day, a later arXiv id was submitted later: "2601.01234" -> 0.01234.</summary>
    private static float Fraction(string id) =>
        id.Length > 5 && int.TryParse(id.AsSpan(5), out var n) ? n / 100_000f : 0;

    /// <summary>
    /// The centre of every paper before the day that shares a category with the reader's profile: the sum of the
    /// day's per-category sums (a paper in two of the categories counts twice; a non-personal baseline either way).
    /// </summary>
    private static float[] CategoryCentre(BenchCatalogue c, AuthorReader r)
    {
        var sums = CategorySums.GetOrAdd((c, r.Day), key => new Lazy<Dictionary<string, float[]>>(() => SumsByCategory(key.Catalogue, key.Day))).Value;
        var centre = new float[c.TfIdf.Dimensions + 1];
        foreach (var category in r.Profile.SelectMany(i => c.Papers[i].Categories).Distinct(StringComparer.Ordinal))
        {
            System.Numerics.Tensors.TensorPrimitives.Add(centre, sums[category], centre);
        }
        return Cosines(c, centre, r.Candidates);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(BenchCatalogue Catalogue, DateOnly Day), Lazy<Dictionary<string, float[]>>> CategorySums = new();

    private static Dictionary<string, float[]> SumsByCategory(BenchCatalogue c, DateOnly day)
    {
        var sums = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var i = 0; i < c.Papers.Count; i++)
        {
            if (c.Papers[i].Day >= day)
            {
                continue;
            }
            foreach (var category in c.Papers[i].Categories)
            {
                if (!sums.TryGetValue(category, out var sum))
                {
                    sums[category] = sum = new float[c.TfIdf.Dimensions + 1];
                }
                c.Rows[i].AddTo(sum, 1);
            }
        }
        return sums;
    }

    private static float[] Centre(BenchCatalogue c, IEnumerable<int> papers)
    {
        var centre = new float[c.TfIdf.Dimensions + 1];
        foreach (var i in papers)
        {
            c.Rows[i].AddTo(centre, 1);
        }
        return centre;
    }

    /// <summary>Dot products with the centre: its length is the same for every candidate, so they rank as cosines.</summary>
    private static float[] Cosines(BenchCatalogue c, float[] centre, IReadOnlyList<int> candidates) =>
        candidates.Select(i => c.Rows[i].Dot(centre)).ToArray();

    /// <summary>serve.py: an SVM per reader, positives = the reader's papers, negatives = every other paper of the catalogue (here: listed before the day).</summary>
    private static float[] ArxivSanity(BenchCatalogue c, AuthorReader r)
    {
        var profile = r.Profile.ToHashSet();
        var train = Enumerable.Range(0, c.Papers.Count).Where(i => c.Papers[i].Day < r.Day).ToList();
        var w = LinearSvm.Train(train.Select(i => c.Rows[i]).ToList(), train.Select(profile.Contains).ToList(), c.TfIdf.Dimensions, seed: r.Day.DayNumber);
        return r.Candidates.Select(i => LinearSvm.Decision(w, c.Rows[i])).ToArray();
    }
}
