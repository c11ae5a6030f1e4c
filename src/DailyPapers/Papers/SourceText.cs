using System.Text;

namespace DailyPapers.Papers;

/// <summary>
/// Whitespace clean-up that keeps the source's LaTeX as it is (for APIs, BibTeX and Markdown). Titles and abstracts
/// are stored as the source gave them (hard line breaks, indented continuation lines); every output cleans them up
/// here or in <see cref="PaperText"/>, so stored rows need no rewriting when the rules improve.
/// </summary>
public static class SourceText
{
    /// <summary>
    /// An abstract for an API: each paragraph (by <see cref="PaperText"/>'s rule) collapsed to one line, paragraphs
    /// separated by a blank line.
    /// </summary>
    public static string Paragraphs(string? s) =>
        string.IsNullOrEmpty(s) ? "" : string.Join("\n\n", PaperText.RawParagraphs(s).Select(Collapse).Where(p => p.Length > 0));

    /// <summary>Hard line breaks and runs of whitespace become one space; the ends are trimmed.</summary>
    public static string Collapse(string? s)
    {
        if (string.IsNullOrEmpty(s))
        {
            return "";
        }
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space)
            {
                sb.Append(' ');
                space = false;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
