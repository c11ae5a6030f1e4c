using System.Text;
using Lucene.Net.Search.Highlight;

namespace DailyPapers.Search.Keyword;

/// <summary>Where a word or phrase of the query occurs in a text (character offsets), and how much it is worth (rarer is more).</summary>
internal readonly record struct TextMatch(int Start, int End, int Unit, float Weight);

/// <summary>
/// Text made into safe HTML with matches in &lt;mark&gt;: a whole title, or the best passages of an abstract.
/// Everything outside the marks is encoded as Lucene's highlighters encode it.
/// </summary>
internal static class HighlightMarkup
{
    private const string Ellipsis = " … ";

    /// <summary>How far before its first match a passage starts, so the match is read in context.</summary>
    private const int Lead = 30;

    /// <summary>How far a passage's ends move to reach the end of a word.</summary>
    private const int WordReach = 20;

    private static readonly char[] Spaces = [' ', '\n'];

    /// <summary>The whole text, every match marked.</summary>
    public static string Whole(string text, IReadOnlyList<TextMatch> matches)
    {
        var html = new StringBuilder(text.Length + (matches.Count * 13));
        Append(html, text, 0, text.Length, Merge(matches));
        return html.ToString();
    }

    /// <summary>
    /// Up to <paramref name="passages"/> passages of about <paramref name="chars"/> characters holding the most
    /// valuable matches (each word or phrase of the query counted once per passage), in text order, with "…"
    /// wherever text was left out; null when nothing matched.
    /// </summary>
    public static string? Snippet(string text, IReadOnlyList<TextMatch> matches, int chars, int passages)
    {
        var spans = Merge(matches);
        if (spans.Count == 0)
        {
            return null;
        }
        var chosen = new List<(int Start, int End)>();
        var candidates = spans.Select(s => Window(text, s.Start, chars)).Distinct().ToList();
        while (chosen.Count < passages)
        {
            var best = candidates.Where(c => !chosen.Any(o => c.Start < o.End && o.Start < c.End))
                .Select(c => (Window: c, Score: Score(matches, c)))
                .Where(c => c.Score > 0)
                .OrderByDescending(c => c.Score).ThenBy(c => c.Window.Start)
                .FirstOrDefault();
            if (best.Score <= 0)
            {
                break;
            }
            chosen.Add(best.Window);
        }
        chosen.Sort((a, b) => a.Start.CompareTo(b.Start));
        var html = new StringBuilder((chars + 60) * chosen.Count);
        var end = 0;
        foreach (var (start, stop) in chosen)
        {
            if (html.Length > 0)
            {
                // Passages that only whitespace separates read on without a "…".
                html.Append(string.IsNullOrWhiteSpace(text[end..start]) ? " " : Ellipsis);
            }
            else if (start > 0)
            {
                html.Append("… ");
            }
            Append(html, text, start, stop, spans);
            end = stop;
        }
        if (end < text.Length)
        {
            html.Append(" …");
        }
        return html.ToString();
    }

    /// <summary>Distinct words and phrases of the query in the window, each worth its weight, plus a little for each repeat.</summary>
    private static float Score(IReadOnlyList<TextMatch> matches, (int Start, int End) window)
    {
        var inside = matches.Where(m => m.Start >= window.Start && m.End <= window.End).ToList();
        return inside.GroupBy(m => m.Unit).Sum(g => g.First().Weight) + (0.01f * inside.Count);
    }

    /// <summary>A passage starting a little before <paramref name="at"/> on a word's start, about <paramref name="chars"/> long, ending after a word.</summary>
    private static (int Start, int End) Window(string text, int at, int chars)
    {
        var start = Math.Max(0, at - Lead);
        if (start <= Lead)
        {
            start = 0;
        }
        else
        {
            var space = text.LastIndexOfAny(Spaces, start, Math.Min(WordReach, start));
            start = space < 0 ? start : space + 1;
        }
        var end = Math.Min(text.Length, start + chars);
        if (end < text.Length)
        {
            var space = text.IndexOfAny(Spaces, end, Math.Min(WordReach, text.Length - end));
            end = space < 0 ? end : space;
            if (text.Length - end <= WordReach)
            {
                end = text.Length;
            }
        }
        // Whitespace at the ends would sit next to the "…".
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        return (start, end);
    }

    /// <summary>The matches' spans in text order, overlapping ones joined.</summary>
    private static List<(int Start, int End)> Merge(IReadOnlyList<TextMatch> matches)
    {
        var spans = new List<(int Start, int End)>(matches.Count);
        foreach (var m in matches.Where(m => m.End > m.Start).OrderBy(m => m.Start))
        {
            if (spans.Count > 0 && m.Start <= spans[^1].End)
            {
                spans[^1] = (spans[^1].Start, Math.Max(spans[^1].End, m.End));
            }
            else
            {
                spans.Add((m.Start, m.End));
            }
        }
        return spans;
    }

    /// <summary>text[from..to] encoded, with the parts of the spans inside it marked.</summary>
    private static void Append(StringBuilder html, string text, int from, int to, List<(int Start, int End)> spans)
    {
        var at = from;
        foreach (var (start, end) in spans)
        {
            var s = Math.Max(start, at);
            var e = Math.Min(end, to);
            if (s >= e)
            {
                continue;
            }
            html.Append(SimpleHTMLEncoder.HtmlEncode(text[at..s])).Append("<mark>").Append(SimpleHTMLEncoder.HtmlEncode(text[s..e])).Append("</mark>");
            at = e;
        }
        html.Append(SimpleHTMLEncoder.HtmlEncode(text[at..to]));
    }
}
