using System.Diagnostics.CodeAnalysis;
using System.Text;

using DailyPapers.Papers.Latex;

namespace DailyPapers.Papers;

/// <summary>
/// Turns arXiv titles and abstracts as the source gives them (raw LaTeX, hard line breaks, indentation) into
/// readable plain Unicode text. The output is plain text, never HTML: callers encode it for HTML, XML or email.
/// </summary>
/// <remarks>
/// <para>Paragraph rule: a blank line starts a new paragraph, and so does a line break followed by indentation
/// when the line before ends a sentence (<c>.</c>, <c>!</c> or <c>?</c>, possibly followed by a closing bracket or
/// quote). That is how arXiv abstracts mark paragraphs; arXiv titles also indent their continuation lines, but
/// those lines follow a word, not the end of a sentence, so titles stay one paragraph.
/// <see cref="Display"/> joins paragraphs with <c>"\n\n"</c>; every other line break and run of whitespace
/// becomes one space, and the ends are trimmed.</para>
/// <para>LaTeX is made readable (see <c>Latex/LatexConverter.cs</c>): Greek letters and symbols become Unicode,
/// super- and subscripts use Unicode script characters when every character has one, font and style commands
/// keep their argument, TeX accents become accented letters, and unknown commands keep their name. Text without
/// LaTeX is left as it is apart from whitespace. Everything runs in linear time and never throws.</para>
/// </remarks>
public static partial class PaperText
{
    /// <summary>The full normalisation: whitespace collapsed, paragraphs kept as <c>"\n\n"</c>, LaTeX made readable.</summary>
    [SuppressMessage("Design", "CA1031", Justification = "Defence in depth: whatever the converter throws, a page shows the source as text.")]
    public static string Display(string? source)
    {
        if (string.IsNullOrEmpty(source))
        {
            return "";
        }
        try
        {
            return DisplayCore(source);
        }
        catch (Exception)
        {
            // Defence in depth: the converter is written not to throw; if it ever does, show the source as text.
            return Clean(source);
        }
    }

    /// <summary><see cref="Display"/> on one line, cut at a word boundary so that it fits <paramref name="maxChars"/>
    /// characters including the trailing "…" that marks a cut.</summary>
    public static string Snippet(string? source, int maxChars) => SnippetOfDisplay(Display(source), maxChars);

    /// <summary><see cref="Snippet"/> of text already in its <see cref="Display"/> form (a search index holds it so), without converting it again.</summary>
    public static string SnippetOfDisplay(string display, int maxChars)
    {
        var text = display.Replace("\n\n", " ", StringComparison.Ordinal);
        if (text.Length <= maxChars)
        {
            return text;
        }
        if (maxChars <= 1)
        {
            return maxChars == 1 ? "…" : "";
        }
        var limit = maxChars - 1;
        var cut = text.LastIndexOf(' ', limit);
        if (cut < limit / 2)
        {
            // No space in the second half: cut inside the word, but not inside a character or accent.
            cut = limit;
            while (cut > 0 && (char.IsLowSurrogate(text[cut]) || LatexSymbols.IsCombining(text[cut])))
            {
                cut--;
            }
        }
        return text[..cut].TrimEnd(' ', ',', ';', ':', '-', '–', '—', '(', '/') + "…";
    }

    /// <summary><see cref="Display"/> split into its paragraphs (none for empty input).</summary>
    public static IReadOnlyList<string> Paragraphs(string? source)
    {
        var text = Display(source);
        return text.Length == 0 ? [] : text.Split("\n\n");
    }

    /// <summary><see cref="Display"/> without the safety net, for tests that want to see a converter exception.</summary>
    internal static string DisplayCore(string source)
    {
        var result = new StringBuilder(source.Length);
        foreach (var raw in RawParagraphs(source))
        {
            // Clean is idempotent: text the converter left as it was is not cleaned again.
            var cleaned = Clean(raw);
            var converted = LatexConverter.Convert(cleaned);
            var text = ReferenceEquals(converted, cleaned) ? cleaned : Clean(converted);
            if (text.Length == 0)
            {
                continue;
            }
            if (result.Length > 0)
            {
                result.Append("\n\n");
            }
            result.Append(text);
        }
        return result.ToString();
    }

    /// <summary>Splits the source into paragraphs by the rule in the class remarks (each still as the source wrote it).</summary>
    internal static List<string> RawParagraphs(string source)
    {
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        var endsSentence = false;
        var pos = 0;
        while (pos <= source.Length)
        {
            var eol = source.IndexOfAny(['\n', '\r'], pos);
            var line = source.AsSpan(pos, (eol < 0 ? source.Length : eol) - pos);
            if (line.IsWhiteSpace())
            {
                Flush();
            }
            else
            {
                if (endsSentence && char.IsWhiteSpace(line[0]))
                {
                    Flush();
                }
                current.Append(line).Append(' ');
                endsSentence = EndsSentence(line.TrimEnd());
            }
            if (eol < 0)
            {
                break;
            }
            pos = eol + (source[eol] == '\r' && eol + 1 < source.Length && source[eol + 1] == '\n' ? 2 : 1);
        }
        Flush();
        return paragraphs;

        void Flush()
        {
            if (current.Length > 0)
            {
                paragraphs.Add(current.ToString());
                current.Clear();
            }
            endsSentence = false;
        }
    }

    private static bool EndsSentence(ReadOnlySpan<char> line)
    {
        if (line.Length > 1 && line[^1] is ')' or ']' or '"' or '\'' or '”' or '’')
        {
            line = line[..^1];
        }
        return line.Length > 0 && line[^1] is '.' or '!' or '?';
    }

    /// <summary>Collapses whitespace to single spaces and trims; drops control characters and replaces unpaired
    /// surrogates with U+FFFD so the text is safe for XML and HTML encoders.</summary>
    private static string Clean(string s)
    {
        var sb = new StringBuilder(s.Length);
        var space = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (char.IsControl(c) || c is '\uFEFF' or '\uFFFE' or '\uFFFF')
            {
                continue;
            }
            if (space)
            {
                sb.Append(' ');
                space = false;
            }
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(c).Append(s[++i]);
            }
            else
            {
                sb.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.ToString();
    }
}
