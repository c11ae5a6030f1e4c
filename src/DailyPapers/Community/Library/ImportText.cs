using System.Text;
using System.Text.RegularExpressions;
using DailyPapers.Papers;

namespace DailyPapers.Community.Library;

/// <summary>Text from an uploaded file made fit to store and show, and identifier fields out of their LaTeX dress.</summary>
internal static partial class ImportText
{
    /// <summary>
    /// One line of at most <paramref name="max"/> characters: control characters (a NUL would not even store in
    /// PostgreSQL) and runs of white space become one space, a lone surrogate becomes U+FFFD, a longer text is cut with "…".
    /// </summary>
    public static string Clean(string text, int max)
    {
        var result = new StringBuilder(Math.Min(text.Length, max + 1));
        var space = false;
        for (var i = 0; i < text.Length && result.Length < max; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = result.Length > 0;
                continue;
            }
            if (space)
            {
                result.Append(' ');
                space = false;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result.Append(c).Append(text[++i]);
            }
            else
            {
                result.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return result.Length >= max && result.Length < text.Length ? result.ToString(0, max - 1) + "…" : result.ToString();
    }

    /// <summary>
    /// A title from a file as a reader should see it: LaTeX made readable, and the braces BibTeX exporters put
    /// around words to keep their case (<c>{Deep} {Learning}</c>) taken off; cut to <paramref name="max"/> characters.
    /// </summary>
    public static string ShownTitle(string title, int max)
    {
        var text = PaperText.Display(title).Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);
        return PaperText.Snippet(text, max);
    }

    /// <summary>
    /// An identifier field without LaTeX: <c>\url{…}</c> and <c>\href{…}{…}</c> give their address, braces go, and a
    /// backslash before punctuation (<c>10.1000/a\_b</c>, <c>{\_}</c>) is dropped.
    /// </summary>
    public static string Unlatex(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }
        var text = UrlCommand().Replace(value, "$1");
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '{' or '}' || (c == '\\' && i + 1 < text.Length && !char.IsAsciiLetter(text[i + 1])))
            {
                continue;
            }
            result.Append(c);
        }
        return result.ToString().Trim();
    }

    [GeneratedRegex(@"\\(?:url|href)\s*\{([^{}]*)\}(?:\s*\{[^{}]*\})?", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCommand();
}
