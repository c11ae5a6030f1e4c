using System.Text.RegularExpressions;
using DailyPapers.Papers;
using DailyPapers.Search;

namespace DailyPapers.Curation;

/// <summary>
/// Whether a digest topic (a saved search: <c>mean field</c>, <c>"diffusion model"</c>, <c>cat:cs.LG</c>, <c>au:Hinton</c>,
/// <c>ti:agents</c>) matches a new paper: every part of it is found, words and phrases as whole words in the title or
/// abstract, <c>cat:</c> among its categories (an archive such as <c>cs</c> takes all of its categories). Read from the
/// papers themselves, so a paper harvested a minute ago matches before the search index has it.
/// </summary>
public sealed class TopicMatch
{
    private readonly List<Func<Paper, bool>> _parts = [];

    public TopicMatch(string topic)
    {
        foreach (var part in SearchQuery.Parse(topic).Parts)
        {
            var words = Words(part.Text);
            _parts.Add(part.Field switch
            {
                QueryField.Category => p => p.Categories.Any(c => c.Equals(part.Text, StringComparison.OrdinalIgnoreCase)
                    || c.StartsWith(part.Text + ".", StringComparison.OrdinalIgnoreCase)),
                QueryField.Title => p => words.IsMatch(p.Title),
                QueryField.Author => p => p.Authors.Any(a => words.IsMatch(a.Name)),
                _ => p => words.IsMatch(p.Title) || words.IsMatch(p.Abstract),
            });
        }
    }

    /// <summary>A topic with nothing to look for (blank) matches no paper.</summary>
    public bool Matches(Paper paper) => _parts.Count > 0 && _parts.TrueForAll(m => m(paper));

    /// <summary>The text as whole words, case and spacing aside.</summary>
    private static Regex Words(string text) => new(
        @"(?<!\w)" + string.Join(@"\s+", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape)) + @"(?!\w)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
