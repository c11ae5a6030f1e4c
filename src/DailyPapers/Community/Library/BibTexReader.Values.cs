using System.Text;

namespace DailyPapers.Community.Library;

public sealed partial class BibTexReader
{
    /// <summary>A value read: its text (when kept), where reading goes on, or why it could not be read.</summary>
    private readonly record struct Value(string? Text, int Next, string? Error = null);

    /// <summary>Reads <c>part # part # …</c> from <paramref name="i"/>: braced, quoted, a number or a macro name.</summary>
    private Value ReadValue(int i, string field, bool keep)
    {
        var text = keep ? new StringBuilder() : null;
        var length = 0L;
        while (true)
        {
            if (i >= s.Length)
            {
                return new Value(null, i, $"The field '{Cut(field)}' has no value.");
            }
            int start, end, next;
            string? macro = null;
            if (s[i] is '{' or '"')
            {
                end = s[i] == '{' ? MatchGroup(i) : MatchQuote(i);
                if (end < 0)
                {
                    return new Value(null, i, $"Line {lines.Of(i)}: the value of '{Cut(field)}' never closes (unbalanced braces or quotes).");
                }
                (start, next) = (i + 1, end + 1);
            }
            else if (char.IsAsciiDigit(s[i]))
            {
                (start, end) = (i, i);
                while (end < s.Length && char.IsAsciiDigit(s[end]))
                {
                    end++;
                }
                next = end;
            }
            else if (ScanName(i) is var nameEnd && nameEnd > i)
            {
                // An undefined macro stands for its own name: "journal = arXiv" is written often enough.
                var name = s[i..nameEnd];
                macro = macros.GetValueOrDefault(name, name);
                (start, end, next) = (i, nameEnd, nameEnd);
            }
            else
            {
                return new Value(null, i, $"Line {lines.Of(i)}: '{Shown(s[i])}' where the value of '{Cut(field)}' should be.");
            }
            length += macro?.Length ?? end - start;
            if (length > MaxFieldChars)
            {
                return new Value(null, i, $"The field '{Cut(field)}' is longer than {MaxFieldChars:N0} characters.");
            }
            if (macro is not null)
            {
                text?.Append(macro);
            }
            else
            {
                text?.Append(s, start, end - start);
            }
            i = SkipSpace(next);
            if (i < s.Length && s[i] == '#')
            {
                i = SkipSpace(i + 1);
                continue;
            }
            return new Value(text is null ? null : Collapse(text), i);
        }
    }

    /// <summary>The index of the brace (or parenthesis) closing the group that opens at <paramref name="open"/>; -1 when it does not close first.</summary>
    private int MatchGroup(int open)
    {
        var parens = s[open] == '(';
        var depth = 0;
        for (var k = open + (parens ? 1 : 0); k < s.Length; k++)
        {
            switch (s[k])
            {
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    if (depth == 0 && !parens)
                    {
                        return k;
                    }
                    if (depth < 0)
                    {
                        return -1;
                    }
                    break;
                case ')' when parens && depth == 0:
                    return k;
                case '\n' when NextLineOpensEntry(k):
                    return -1;
            }
        }
        return -1;
    }

    /// <summary>The index of the quote closing the value that opens at <paramref name="open"/> (quotes inside braces do not count).</summary>
    private int MatchQuote(int open)
    {
        var depth = 0;
        for (var k = open + 1; k < s.Length; k++)
        {
            switch (s[k])
            {
                case '{':
                    depth++;
                    break;
                case '}':
                    if (--depth < 0)
                    {
                        return -1;
                    }
                    break;
                case '"' when depth == 0:
                    return k;
                case '\n' when NextLineOpensEntry(k):
                    return -1;
            }
        }
        return -1;
    }

    /// <summary>Whether the line after the line break at <paramref name="newline"/> opens an entry (<c>@type{</c>, leading blanks allowed).</summary>
    private bool NextLineOpensEntry(int newline)
    {
        var j = newline + 1;
        while (j < s.Length && s[j] is ' ' or '\t')
        {
            j++;
        }
        return StartsEntry(j);
    }

    /// <summary>Whether <c>@name{</c> or <c>@name(</c> starts at <paramref name="i"/>.</summary>
    private bool StartsEntry(int i)
    {
        if (i >= s.Length || s[i] != '@')
        {
            return false;
        }
        var end = ScanName(i + 1);
        var open = SkipSpace(end);
        return end > i + 1 && open < s.Length && s[open] is '{' or '(';
    }

    /// <summary>The end of a name (entry type, field, macro) starting at <paramref name="i"/>.</summary>
    private int ScanName(int i)
    {
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '-' or ':' or '.' or '+' or '/' or '*' or '\'' or '!' or '?'))
        {
            i++;
        }
        return i;
    }

    private int SkipSpace(int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }
        return i;
    }

    /// <summary>Whether the '@' at <paramref name="at"/> follows a '%' on its line: a commented-out entry.</summary>
    private bool InLineComment(int at)
    {
        var lineStart = at == 0 ? 0 : s.LastIndexOf('\n', at - 1) + 1;
        return s.AsSpan(lineStart, at - lineStart).Contains('%');
    }

    private int LineEnd(int i) => s.IndexOf('\n', i) is var k and >= 0 ? k + 1 : s.Length;

    /// <summary>Runs of white space (line breaks of a wrapped value, indentation) as one space, trimmed.</summary>
    private static string Collapse(StringBuilder text)
    {
        var result = new StringBuilder(text.Length);
        var space = false;
        foreach (var chunk in text.GetChunks())
        {
            foreach (var c in chunk.Span)
            {
                if (char.IsWhiteSpace(c))
                {
                    space = result.Length > 0;
                    continue;
                }
                if (space)
                {
                    result.Append(' ');
                    space = false;
                }
                result.Append(c);
            }
        }
        return result.ToString();
    }

    /// <summary>A character as an error message shows it: control characters by their code.</summary>
    private static string Shown(char c) => char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : c.ToString();

    private static string Cut(string name) => name.Length > 40 ? name[..40] + "…" : name;

    /// <summary>Line numbers of positions, from the line breaks found once.</summary>
    private sealed class LineIndex(string text)
    {
        private readonly int[] _breaks = Breaks(text);

        /// <summary>The 1-based line of <paramref name="position"/>.</summary>
        public int Of(int position)
        {
            var found = Array.BinarySearch(_breaks, position);
            return (found >= 0 ? found : ~found) + 1;
        }

        private static int[] Breaks(string text)
        {
            var breaks = new List<int>();
            for (var k = text.IndexOf('\n', StringComparison.Ordinal); k >= 0; k = text.IndexOf('\n', k + 1))
            {
                breaks.Add(k);
            }
            return [.. breaks];
        }
    }
}
