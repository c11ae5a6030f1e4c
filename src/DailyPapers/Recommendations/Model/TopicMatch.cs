using DailyPapers.Search;

namespace DailyPapers.Recommendations.Model;

/// <summary>
/// Whether a topic (a saved search of a digest subscription: <c>mean field</c>, <c>"graph neural"</c>, <c>cat:cs.LG</c>,
/// <c>au:hinton</c>, <c>ti:agents</c>), parsed as the search parses it, matches a paper: every part of it must hold.
/// A word or a phrase holds when its words come one after the other in the title or the abstract (<c>ti:</c>: the
/// title; <c>au:</c>: one author's name), as whole words, case, accents and punctuation aside (<c>graph-neural</c>
/// matches "graph neural", <c>net</c> does not match "network"); <c>cat:</c> holds when it is one of the paper's
/// categories or their archive (<c>cat:cs</c>). A blank topic matches no paper. Read from the papers themselves, so a paper harvested a minute ago matches before
/// the search index has it. "Matches your topic …" and the curator's count of subscriptions then say something true.
/// </summary>
public sealed class TopicMatch
{
    private readonly (QueryField Field, string Text)[] _parts;

    public TopicMatch(string topic)
    {
        Topic = topic;
        _parts = SearchQuery.Parse(topic).Parts
            .Select(p => (p.Field, Text: p.Field == QueryField.Category ? p.Text : PaperWords.Join(p.Text)))
            .Where(p => p.Text.Trim().Length > 0)
            .ToArray();
    }

    public string Topic { get; }

    /// <summary>The ids of the candidates this topic matches.</summary>
    public IEnumerable<string> Among(CandidateSet candidates) => candidates.Items.Where(Matches).Select(c => c.Facts.ArxivId);

    /// <summary>Paper id -> the first of <paramref name="topics"/> it matches, for the candidates that match one.</summary>
    public static IReadOnlyDictionary<string, string> Match(IReadOnlyList<string> topics, CandidateSet candidates)
    {
        var matches = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var match in topics.Select(t => new TopicMatch(t)))
        {
            foreach (var id in match.Among(candidates))
            {
                matches.TryAdd(id, match.Topic);
            }
        }
        return matches;
    }

    private bool Matches(Candidate candidate) => _parts.Length > 0 && _parts.All(p => Holds(p.Field, p.Text, candidate));

    private static bool Holds(QueryField field, string text, Candidate c) => field switch
    {
        QueryField.Category => c.Facts.Categories.Any(category =>
            category.Equals(text, StringComparison.OrdinalIgnoreCase) || category.StartsWith(text + ".", StringComparison.OrdinalIgnoreCase)),
        QueryField.Author => c.Words.Authors.Any(a => a.Contains(text, StringComparison.Ordinal)),
        QueryField.Title => c.Words.Title.Contains(text, StringComparison.Ordinal),
        _ => c.Words.Title.Contains(text, StringComparison.Ordinal) || c.Words.Abstract.Contains(text, StringComparison.Ordinal),
    };
}
