using DailyPapers.Search;

namespace DailyPapers.Recommendations.Model;

/// <summary>
/// Which papers match a reader's topics: the saved searches of their digest subscription (<c>mean field</c>,
/// <c>cat:cs.LG</c>, <c>au:hinton</c>, <c>"graph neural"</c>), parsed as the search parses them. Unlike the search,
/// which ranks by plain words, a paper matches a topic only when every part holds: its words are all in the title
/// and abstract (a phrase's words next to each other), its <c>cat:</c> is one of the paper's categories or their
/// archive, its <c>au:</c> words are in one author's name. "Matches your topic …" then says something true.
/// </summary>
public static class TopicMatch
{
    private sealed record Requirement(QueryField Field, string[] Terms, string? Category);

    /// <summary>Paper id -> the first of <paramref name="topics"/> it matches, for the papers that match one.</summary>
    public static IReadOnlyDictionary<string, string> Match(IReadOnlyList<string> topics, IEnumerable<ModelPaper> papers)
    {
        var parsed = topics.Select(t => (Topic: t, Requirements: Requirements(t))).Where(t => t.Requirements.Length > 0).ToList();
        var matches = new Dictionary<string, string>(StringComparer.Ordinal);
        if (parsed.Count == 0)
        {
            return matches;
        }
        foreach (var paper in papers)
        {
            if (parsed.FirstOrDefault(t => t.Requirements.All(r => Holds(r, paper))).Topic is { } topic)
            {
                matches[paper.ArxivId] = topic;
            }
        }
        return matches;
    }

    /// <summary>The parts of a topic that say anything (stop words alone say nothing).</summary>
    private static Requirement[] Requirements(string topic) =>
        SearchQuery.Parse(topic).Parts
            .Select(p => p.Field == QueryField.Category
                ? new Requirement(p.Field, [], p.Text.Trim())
                : new Requirement(p.Field, PaperTerms.Count(p.Text).Keys.ToArray(), null))
            .Where(r => r.Terms.Length > 0 || r.Category is { Length: > 0 })
            .ToArray();

    private static bool Holds(Requirement r, ModelPaper paper) => r.Field switch
    {
        QueryField.Category => paper.Facts.Categories.Any(c =>
            c.Equals(r.Category, StringComparison.OrdinalIgnoreCase) || c.StartsWith(r.Category + ".", StringComparison.OrdinalIgnoreCase)),
        QueryField.Author => paper.Facts.Authors.Any(a => HasAll(PaperTerms.Count(a), r.Terms)),
        QueryField.Title => HasAll(PaperTerms.Count(paper.Facts.Title), r.Terms),
        _ => HasAll(paper.Terms, r.Terms),
    };

    private static bool HasAll(IReadOnlyDictionary<string, int> terms, string[] wanted) => wanted.All(terms.ContainsKey);
}
