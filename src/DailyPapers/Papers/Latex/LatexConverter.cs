using System.Buffers;
using System.Text;
using static DailyPapers.Papers.Latex.LatexSymbols;

namespace DailyPapers.Papers.Latex;

/// <summary>
/// A small, forgiving LaTeX-to-text converter for one paragraph. Math spans (<c>$…$</c>, <c>$$…$$</c>,
/// <c>\(…\)</c>, <c>\[…\]</c>) and brace pairs are found up front in linear time; anything unbalanced stays
/// text (or is dropped inside math) instead of swallowing what follows. Nesting deeper than <see cref="MaxDepth"/>
/// is flattened, so recursion is bounded and the whole pass is linear.
/// </summary>
internal sealed partial class LatexConverter
{
    private const int MaxDepth = 24;
    private static readonly SearchValues<char> Special = SearchValues.Create("\\${}^_~-`'");
    private static readonly SearchValues<char> TexMarks = SearchValues.Create("\\^_{=");

    private readonly string s;
    private readonly bool[] esc;   // s[k] follows a live backslash (it is the character of a control symbol)
    private readonly int[] match;  // the partner of a matched brace, else -1
    private readonly Dictionary<int, (int Start, int End, int After)> spans = []; // math, by opening index
    private StringBuilder sb = new();
    private bool openDoubleQuote;
    private int singleQuoteClose = -1;

    private enum Mode { Text, Math }

    private readonly record struct Arg(bool Found, int Start, int End, int Next);

    public static string Convert(string text)
    {
        if (text.AsSpan().IndexOfAny(Special) < 0)
        {
            return text;
        }
        var latex = new LatexConverter(text);
        latex.Seq(0, text.Length, Mode.Text, 0, Font.None);
        return latex.sb.ToString();
    }

    private LatexConverter(string text)
    {
        s = text;
        esc = new bool[s.Length];
        for (var k = 1; k < s.Length; k++)
        {
            esc[k] = s[k - 1] == '\\' && !esc[k - 1];
        }
        FindMath();
        match = new int[s.Length];
        Array.Fill(match, -1);
        MatchBraces(0, s.Length, true);
    }

    private void FindMath()
    {
        List<int> singles = [], doubles = [], parens = [], brackets = [];
        for (var k = 0; k < s.Length; k++)
        {
            var next = k + 1 < s.Length ? s[k + 1] : ' ';
            var list = esc[k] ? null
                : s[k] == '$' ? (next == '$' ? doubles : singles)
                : s[k] == '\\' && next == ')' ? parens
                : s[k] == '\\' && next == ']' ? brackets
                : null;
            list?.Add(k);
        }
        int si = 0, di = 0, pi = 0, bi = 0;
        for (var k = 0; k + 1 < s.Length; k++)
        {
            var (c, d) = (s[k], s[k + 1]);
            int open = k + 1, close;
            if (esc[k] || (c == '\\' && d is not ('(' or '[')) || c is not ('$' or '\\'))
            {
                continue;
            }
            if (c == '\\' || d == '$')
            {
                open = k + 2;
                close = d == '(' ? Next(parens, ref pi, open) : d == '[' ? Next(brackets, ref bi, open) : Next(doubles, ref di, open);
            }
            else
            {
                // $…$ pairs go left to right as in TeX and MathJax, except one that reads like prices
                // ("$5 and $10": a digit or space after the first $, a space before the second, no TeX).
                close = Next(singles, ref si, open);
                if (close > 0 && s[close - 1] == ' ' && (d == ' ' || char.IsAsciiDigit(d)) && s.AsSpan(open, close - open).IndexOfAny(TexMarks) < 0)
                {
                    continue;
                }
            }
            if (close >= 0)
            {
                spans[k] = (open, close, close + open - k);
                k = close + open - k - 1;
            }
            else if (c == '$' && d == '$')
            {
                k++; // an unpaired "$$" stays text
            }
        }
    }

    /// <summary>Pairs braces with a stack; each math span gets its own stack so pairs never cross its edges.</summary>
    private void MatchBraces(int from, int to, bool text)
    {
        var stack = new Stack<int>();
        for (var k = from; k < to; k++)
        {
            if (text && spans.TryGetValue(k, out var span))
            {
                MatchBraces(span.Start, span.End, false);
                k = span.After - 1;
            }
            else if (!esc[k] && s[k] == '{')
            {
                stack.Push(k);
            }
            else if (!esc[k] && s[k] == '}' && stack.TryPop(out var open))
            {
                (match[open], match[k]) = (k, open);
            }
        }
    }

    private void Seq(int i, int end, Mode mode, int depth, Font font)
    {
        while (i < end)
        {
            var c = s[i];
            if (c is '$' or '\\' && spans.TryGetValue(i, out var span) && span.After <= end)
            {
                SpaceIf(s[span.Start] == ' ');
                sb.Append(Render(span.Start, span.End, Mode.Math, depth + 1, Font.None).Trim());
                SpaceIf(s[span.End - 1] == ' ');
                i = span.After;
            }
            else if (c == '\\')
            {
                i = Command(i, end, mode, depth, ref font);
            }
            else if (c == '{')
            {
                i = Group(i, end, mode, depth, font);
            }
            else if (c is '}' or ' ')
            {
                SpaceIf(c == ' ');
                sb.Append(c == '}' && mode == Mode.Text && match[i] < 0 ? "}" : ""); // a lone '}' stays in text
                i++;
            }
            else if (c is '^' or '_' && depth < MaxDepth && (mode == Mode.Math || IsGroup(i + 1, end)))
            {
                var arg = ReadArg(i + 1, end);
                sb.Append(arg.Found ? ToScript(Render(arg.Start, arg.End, Mode.Math, depth + 1, Font.None), c == '^') : c.ToString());
                i = arg.Found ? arg.Next : i + 1;
            }
            else
            {
                i = mode == Mode.Math ? MathChar(i, end, font) : TextChar(i, end, font);
            }
        }
    }

    private bool IsGroup(int k, int end) => k < end && s[k] == '{' && match[k] > k && match[k] < end;

    private int Group(int i, int end, Mode mode, int depth, Font font)
    {
        if (!IsGroup(i, end) || depth >= MaxDepth)
        {
            // A lone '{' stays in text; past MaxDepth the braces are dropped and the content follows flat.
            sb.Append(mode == Mode.Text && !IsGroup(i, end) ? "{" : "");
            return i + 1;
        }
        var j = match[i];
        // In text, braces group when they hold a command or touch a word ("{\em x}", "{B}ayes", "Schr{\"o}");
        // others ("the set {a, b}", JSON) are kept as written.
        var keep = mode == Mode.Text && j > i + 1 && s[i + 1] is not ('\\' or '$')
            && !(i > 0 && char.IsLetter(s[i - 1])) && !(j + 1 < s.Length && char.IsLetter(s[j + 1]));
        sb.Append(keep ? "{" : "");
        Seq(i + 1, j, mode, depth + 1, font);
        sb.Append(keep ? "}" : "");
        return j + 1;
    }

    private string Render(int start, int end, Mode mode, int depth, Font font)
    {
        var saved = sb;
        sb = new StringBuilder();
        Seq(start, end, mode, depth, font);
        (var result, sb) = (sb.ToString(), saved);
        return result;
    }

    private int MathChar(int i, int end, Font font)
    {
        if (s[i] == '\'')
        {
            var run = Run(i, end);
            sb.Append(run switch { 1 => "′", 2 => "″", 3 => "‴", _ => new string('′', run) });
            return i + run;
        }
        if (s[i] is '~' or '&')
        {
            SpaceIf(true);
        }
        else
        {
            PutLetter(s[i], font);
        }
        return i + 1;
    }

    private int TextChar(int i, int end, Font font)
    {
        var (c, prev, next) = (s[i], i > 0 ? s[i - 1] : ' ', i + 1 < end ? s[i + 1] : ' ');
        switch (c)
        {
            case '-':
                var run = Run(i, end);
                var after = i + run < end ? s[i + run] : ' ';
                // "--" en dash, "---" em dash; not in arrows ("-->") or command-line flags (" --help").
                var dash = run is 2 or 3 && after != '>' && prev != '<' && !(run == 2 && prev == ' ' && char.IsLetter(after));
                sb.Append(dash ? (run == 2 ? "–" : "—") : new string('-', run));
                return i + run;
            case '~':
                // A TeX tie ("Fig.~2", "et al.~\cite") is a space; "~500 km/s" means "about".
                var tie = next == '\\' || ((char.IsLetter(prev) || prev is '.' or ')' or ',') && (char.IsLetterOrDigit(next) || next is '$' or '[' or '('));
                SpaceIf(tie);
                sb.Append(tie ? "" : "~");
                return i + 1;
            case '`' when next == '`':
                sb.Append('“');
                openDoubleQuote = true;
                return i + 2;
            case '`':
                singleQuoteClose = FindSingleClose(i + 1, end);
                sb.Append(singleQuoteClose > i ? '‘' : '`');
                return i + 1;
            case '\'' when next == '\'' && openDoubleQuote:
                sb.Append('”');
                openDoubleQuote = false;
                return i + 2;
            case '\'' when i == singleQuoteClose:
                sb.Append('’');
                return i + 1;
        }
        PutLetter(c, font);
        return i + 1;
    }

    private int Run(int i, int end)
    {
        var k = i + 1;
        while (k < end && s[k] == s[i])
        {
            k++;
        }
        return k - i;
    }

    /// <summary>The closing quote of a <c>`single'</c> quote: a <c>'</c> not followed by a letter, within 200 characters.</summary>
    private int FindSingleClose(int from, int end)
    {
        for (var k = from; k < Math.Min(end, from + 200) && s[k] != '`'; k++)
        {
            if (s[k] == '\'' && (k + 1 >= end || (!char.IsLetter(s[k + 1]) && s[k + 1] != '\'')))
            {
                return k;
            }
        }
        return -1;
    }

    private void PutLetter(char c, Font font)
    {
        if (font != Font.None && char.IsAsciiLetterOrDigit(c))
        {
            sb.Append(StyledLetter(c, font));
        }
        else
        {
            sb.Append(c);
        }
    }

    private void SpaceIf(bool condition)
    {
        if (condition && sb.Length > 0 && sb[^1] != ' ')
        {
            sb.Append(' ');
        }
    }

    private int SkipSpace(int k, int end)
    {
        while (k < end && s[k] == ' ')
        {
            k++;
        }
        return k;
    }

    /// <summary>Reads a macro argument: a brace group, a control sequence (with its own arguments) or one character.</summary>
    private Arg ReadArg(int j, int end, bool nested = false)
    {
        var k = SkipSpace(j, end);
        if (k >= end || s[k] == '}' || (s[k] == '{' && !IsGroup(k, end)))
        {
            return new(false, k, k, j);
        }
        if (s[k] == '{')
        {
            return new(true, k + 1, match[k], match[k] + 1);
        }
        var stop = char.IsHighSurrogate(s[k]) && k + 1 < end && char.IsLowSurrogate(s[k + 1]) ? k + 2 : k + 1;
        if (s[k] == '\\' && k + 1 < end)
        {
            stop = k + 2;
            while (char.IsAsciiLetter(s[k + 1]) && stop < end && char.IsAsciiLetter(s[stop]))
            {
                stop++;
            }
            var args = !char.IsAsciiLetter(s[k + 1]) ? (AccentMarks.ContainsKey(s[k + 1]) ? 1 : 0)
                : CommandLookup.TryGetValue(s.AsSpan(k + 1, stop - k - 1), out var cmd) ? cmd.Args : 0;
            for (var a = 0; a < args && !nested; a++)
            {
                var inner = ReadArg(stop, end, true);
                stop = inner.Found ? inner.Next : stop;
            }
        }
        return new(true, k, stop, stop);
    }

    private int SkipOptional(int j, int end)
    {
        var k = SkipSpace(j, end);
        var close = k < end && s[k] == '[' ? s.IndexOf(']', k + 1, Math.Min(200, end - k - 1)) : -1;
        return close > 0 ? close + 1 : j;
    }
}
