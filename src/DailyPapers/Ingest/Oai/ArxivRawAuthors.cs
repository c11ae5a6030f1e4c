using System.Text;
using System.Text.RegularExpressions;
using DailyPapers.Papers;

namespace DailyPapers.Ingest.Oai;

/// <summary>
/// Splits arXivRaw's one-string author list ("A. One, B. Two, and C. Three") into authors. Commas, semicolons,
/// "and" and "&amp;" separate names unless they sit inside parentheses or TeX braces; a trailing parenthesised
/// group is the author's affiliation (bare footnote numbers such as "(1)" are dropped); "et al." is dropped;
/// "Jr." and the like stay with the name before them. TeX accents (<c>G\"odel</c>) are kept as written.
/// </summary>
public static partial class ArxivRawAuthors
{
    public static IReadOnlyList<PaperAuthor> Parse(string? authors)
    {
        var list = new List<PaperAuthor>();
        foreach (var piece in SplitTopLevel(SourceText.Collapse(authors)))
        {
            var text = EtAl().Replace(piece, "").Trim();
            if (text.Length == 0)
            {
                continue;
            }
            if (Suffix().IsMatch(text) && list.Count > 0)
            {
                list[^1] = list[^1] with { Name = $"{list[^1].Name}, {text}" };
                continue;
            }
            var (name, affiliation) = SplitAffiliation(text);
            if (name.Length > 0)
            {
                list.Add(new PaperAuthor(name, affiliation));
            }
        }
        return list;
    }

    private static List<string> SplitTopLevel(string s)
    {
        var pieces = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is '(' or '{')
            {
                depth++;
            }
            else if (c is ')' or '}' && depth > 0)
            {
                depth--;
            }
            if (depth == 0 && (c is ',' or ';'))
            {
                pieces.Add(current.ToString());
                current.Clear();
                continue;
            }
            if (depth == 0 && c == ' ' && Conjunction(s, i) is var skip and > 0)
            {
                pieces.Add(current.ToString());
                current.Clear();
                i += skip - 1;
                continue;
            }
            current.Append(c);
        }
        pieces.Add(current.ToString());
        return pieces;
    }

    /// <summary>The length of " and " or " &amp; " starting at <paramref name="i"/>, or 0.</summary>
    private static int Conjunction(string s, int i)
    {
        foreach (var word in (string[])[" and ", " & "])
        {
            if (string.CompareOrdinal(s, i, word, 0, word.Length) == 0)
            {
                return word.Length;
            }
        }
        return 0;
    }

    private static (string Name, string? Affiliation) SplitAffiliation(string text)
    {
        // "A,and B" (no space after the comma) leaves the "and" on the piece.
        if (text.StartsWith("and ", StringComparison.Ordinal))
        {
            text = text[4..];
        }
        string? affiliation = null;
        // A piece that is all parenthesis (an affiliation list of its own) ends up with an empty name: skipped.
        while (text.EndsWith(')') && MatchingOpen(text) is var open and >= 0)
        {
            var inside = text[(open + 1)..^1].Trim();
            text = text[..open].TrimEnd();
            if (affiliation is null && !FootnoteMarks().IsMatch(inside))
            {
                affiliation = inside;
            }
        }
        return (text.Trim(), affiliation);
    }

    /// <summary>Where the parenthesis that the final ')' closes opens, or -1.</summary>
    private static int MatchingOpen(string text)
    {
        var depth = 0;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            depth += text[i] == ')' ? 1 : text[i] == '(' ? -1 : 0;
            if (depth == 0)
            {
                return i;
            }
        }
        return -1;
    }

    [GeneratedRegex(@"(^|\s)et\.?\s*al\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EtAl();

    [GeneratedRegex(@"^(Jr|Sr|II|III|IV)\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex Suffix();

    [GeneratedRegex(@"^[\d\s,&*]*$", RegexOptions.CultureInvariant)]
    private static partial Regex FootnoteMarks();
}
