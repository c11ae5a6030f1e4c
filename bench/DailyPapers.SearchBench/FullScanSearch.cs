namespace DailyPapers.SearchBench;

/// <summary>
/// The baseline: arxiv-sanity-lite's search (serve.py, search_rank), which scores every paper's text for every
/// query: 20 × query words found in the title, 10 × found in the authors, plus up to 3 occurrences of each in
/// the abstract, lower-casing the texts as it goes. Written in C# it is much faster than the Python original.
/// </summary>
internal sealed class FullScanSearch(IReadOnlyList<BenchPaper> papers)
{
    private readonly string[] _authors = papers.Select(p => string.Join(' ', p.Authors)).ToArray();

    public List<(double Score, string Id)> Search(string query, int top)
    {
        var words = query.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var pairs = new List<(double, string)>();
        for (var i = 0; i < papers.Count; i++)
        {
            var p = papers[i];
            var score = 10.0 * MatchAny(_authors[i].ToLowerInvariant(), words)
                + 20.0 * MatchAny(p.Title.ToLowerInvariant(), words)
                + MatchCount(p.Abstract.ToLowerInvariant(), words);
            if (score > 0)
            {
                pairs.Add((score, p.Id));
            }
        }
        pairs.Sort((a, b) => b.Item1.CompareTo(a.Item1));
        return pairs.Take(top).ToList();
    }

    private static int MatchAny(string text, string[] words) => words.Count(w => text.Contains(w, StringComparison.Ordinal));

    private static int MatchCount(string text, string[] words)
    {
        var total = 0;
        foreach (var w in words)
        {
            var count = 0;
            for (var at = text.IndexOf(w, StringComparison.Ordinal); at >= 0 && count < 3; at = text.IndexOf(w, at + w.Length, StringComparison.Ordinal))
            {
                count++;
            }
            total += count;
        }
        return total;
    }
}
