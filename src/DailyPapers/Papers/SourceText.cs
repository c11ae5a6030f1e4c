using System.Text;

namespace DailyPapers.Papers;

/// <summary>Whitespace clean-up that keeps the source's LaTeX as it is (for APIs, BibTeX and Markdown).</summary>
public static class SourceText
{
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
