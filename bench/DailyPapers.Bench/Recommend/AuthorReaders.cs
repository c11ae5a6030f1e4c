namespace DailyPapers.Bench.Recommend;

/// <summary>
/// An author taken as a reader (recommendations.md's protocol): their papers before announcement day D are the
/// profile; the candidates are every paper of the 7 days from D sharing a category with the profile; the
/// positives are the author's own papers among the candidates.
/// </summary>
internal sealed record AuthorReader(string Author, DateOnly Day, IReadOnlyList<int> Profile, IReadOnlyList<int> Candidates, IReadOnlySet<int> Positives);

internal static class AuthorReaders
{
    /// <summary>
    /// Up to <paramref name="perDay"/> readers for each Monday from <paramref name="from"/> to <paramref name="to"/>,
    /// drawn at random (seeded) among the authors with at least <paramref name="minProfile"/> papers before that
    /// Monday and at least one paper among its week's candidates.
    /// </summary>
    public static List<AuthorReader> Choose(IReadOnlyList<ArxivDailyPaper> papers, DateOnly from, DateOnly to, int perDay, int minProfile, int seed)
    {
        var byAuthor = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < papers.Count; i++)
        {
            foreach (var author in papers[i].Authors.Distinct(StringComparer.Ordinal))
            {
                if (!byAuthor.TryGetValue(author, out var list))
                {
                    byAuthor[author] = list = [];
                }
                list.Add(i);
            }
        }
        var readers = new List<AuthorReader>();
        var random = new Random(seed);
        for (var day = Monday(from); day <= to; day = day.AddDays(7))
        {
            var end = day.AddDays(7);
            var week = Enumerable.Range(0, papers.Count).Where(i => papers[i].Day >= day && papers[i].Day < end).ToList();
            var eligible = new List<AuthorReader>();
            foreach (var author in week.SelectMany(i => papers[i].Authors).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var profile = byAuthor[author].Where(i => papers[i].Day < day).ToList();
                if (profile.Count < minProfile)
                {
                    continue;
                }
                var categories = profile.SelectMany(i => papers[i].Categories).ToHashSet(StringComparer.Ordinal);
                var candidates = week.Where(i => papers[i].Categories.Any(categories.Contains)).ToList();
                var positives = candidates.Where(i => papers[i].Authors.Contains(author, StringComparer.Ordinal)).ToHashSet();
                if (positives.Count > 0)
                {
                    eligible.Add(new AuthorReader(author, day, profile, candidates, positives));
                }
            }
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(eligible));
            readers.AddRange(eligible.Take(perDay));
        }
        return readers;
    }

    private static DateOnly Monday(DateOnly d) => d.AddDays(((int)DayOfWeek.Monday - (int)d.DayOfWeek + 7) % 7);
}
