using DailyPapers.Search;

namespace DailyPapers.Recommendations.Model;

/// <summary>
/// A paper's title, abstract and author names as their words (<see cref="Join"/>), where <see cref="TopicMatch"/> looks
/// for a topic's words.
/// </summary>
internal sealed record PaperWords(string Title, string Abstract, string[] Authors)
{
    public static PaperWords Of(PaperFacts facts) => new(Join(facts.Title), Join(facts.Abstract), facts.Authors.Select(Join).ToArray());

    /// <summary>
    /// The words of a text, lower case and without accents, one space between and one at each end: words in a row
    /// are then found with a plain substring search, and never inside a longer word.
    /// </summary>
    public static string Join(string text) => " " + string.Join(' ', TypedText.Words(TypedText.WithoutAccents(text))) + " ";
}
