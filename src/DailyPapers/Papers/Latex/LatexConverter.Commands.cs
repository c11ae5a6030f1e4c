using System.Globalization;
using static DailyPapers.Papers.Latex.LatexSymbols;

namespace DailyPapers.Papers.Latex;

/// <summary>The converter's handling of control words: commands, accents, fractions, roots.</summary>
internal sealed partial class LatexConverter
{
    private int Command(int i, int end, Mode mode, int depth, ref Font font)
    {
        if (i + 1 >= end || !char.IsAsciiLetter(s[i + 1]))
        {
            return i + 1 >= end ? end : ControlSymbol(i, end, mode, depth, s[i + 1]); // a trailing '\' is dropped
        }
        var j = i + 2;
        while (j < end && char.IsAsciiLetter(s[j]))
        {
            j++;
        }
        if (!CommandLookup.TryGetValue(s.AsSpan(i + 1, j - i - 1), out var cmd))
        {
            Word(s.AsSpan(i + 1, j - i - 1)); // unknown: keep the name, apart from a following argument
            SpaceIf(IsGroup(j, end) && match[j] > j + 1);
            return j;
        }
        var k = SkipSpace(j, end);
        switch (cmd.Kind)
        {
            case var _ when cmd.Args > 0 && depth >= MaxDepth:
                return j; // too deep: the arguments follow as plain content
            case Kind.Ord or Kind.Close:
                // TeX drops the space after a control word. Text keeps it: arXiv writes "\pi\pi scattering".
                sb.Length -= cmd.Kind == Kind.Close && sb.Length > 0 && sb[^1] == ' ' ? 1 : 0;
                sb.Append(cmd.Value);
                return mode == Mode.Text || (k < end && s[k] is '=' or '<' or '>' or '+' or '-' or '*' or '|' or ':') ? j : k;
            case Kind.Open or Kind.Space:
                SpaceIf(cmd.Kind == Kind.Space);
                sb.Append(cmd.Value);
                return k;
            case Kind.Rel:
                return Rel((i > 0 && s[i - 1] == ' ') || (sb.Length > 0 && sb[^1] == ' '), cmd.Value, j, end);
            case Kind.Letter:
                var inWord = sb.Length > 0 && char.IsLetter(sb[^1]);
                sb.Append(cmd.Value);
                return inWord ? k : j; // "M\o ller" -> "Møller"
            case Kind.Word or Kind.Unit:
                SpaceIf(cmd.Kind == Kind.Unit && sb.Length > 0 && sb[^1] != '(');
                Word(cmd.Value);
                return j;
            case Kind.Switch when depth < MaxDepth && (IsGroup(k, end) || (mode == Mode.Text && cmd.Font != Font.None)):
                // "\cal{O}", or "\cal K" outside math: the font applies to the next argument only.
                return WithArgs(cmd with { Kind = Kind.Style }, j, end, mode, depth);
            case Kind.Switch:
                font = cmd.Font;
                return k;
            case Kind.Sizing:
                return k < end && s[k] == '.' ? k + 1 : k; // "\left." is an empty delimiter
            case Kind.Drop:
                for (var a = 0; a < cmd.Args; a++)
                {
                    var arg = ReadArg(SkipOptional(k, end), end);
                    k = arg.Found ? SkipSpace(arg.Next, end) : k;
                }
                return k;
            case Kind.Accent:
                return Accent(j, end, mode, depth, cmd.Value[0], "");
            default:
                return WithArgs(cmd, j, end, mode, depth);
        }
    }

    private int ControlSymbol(int i, int end, Mode mode, int depth, char d)
    {
        if (AccentMarks.TryGetValue(d, out var accent))
        {
            return depth >= MaxDepth ? i + 2 : Accent(i + 2, end, mode, depth, accent.Mark, accent.Spacing);
        }
        SpaceIf(d is '\\' or ',' or ';' or ':' or '>' or ' ');
        var pair = char.IsHighSurrogate(d) && i + 2 < end && char.IsLowSurrogate(s[i + 2]);
        // Spacing and invisible symbols vanish; "\%", "\&", "\_", "\$", "\#", "\{", "\}" and the rest unescape.
        sb.Append(d is '\\' or ',' or ';' or ':' or '>' or ' ' or '!' or '/' or '-' or '@' or '*' ? "" : d == '|' ? "‖" : s.Substring(i + 1, pair ? 2 : 1));
        return i + (pair ? 3 : 2);
    }

    private void Word(ReadOnlySpan<char> word)
    {
        SpaceIf(sb.Length > 0 && char.IsLetterOrDigit(sb[^1]));
        sb.Append(word);
    }

    /// <summary>A relation or operator, spaced like the source's left side: "x \le 1" -> "x ≤ 1", "\alpha\ge 0" -> "α≥0".</summary>
    private int Rel(bool spaced, string value, int j, int end)
    {
        SpaceIf(spaced);
        sb.Append(value);
        var k = SkipSpace(j, end);
        SpaceIf(spaced && k < end);
        return k;
    }

    /// <summary>Puts a combining mark after each character of the argument: "\'e" -> "é", "\bar\nu" -> "ν̄".</summary>
    private int Accent(int j, int end, Mode mode, int depth, char mark, string spacing)
    {
        var arg = ReadArg(j, end);
        var text = arg.Found ? Render(arg.Start, arg.End, mode, depth + 1, Font.None) : "";
        sb.Append(text.Length == 0 ? spacing : WithMark(text, mark));
        return arg.Next;
    }

    private int WithArgs(Cmd cmd, int j, int end, Mode mode, int depth)
    {
        if (cmd.Kind == Kind.Sqrt)
        {
            return Sqrt(j, end, depth);
        }
        var first = ReadArg(cmd.Kind == Kind.Cite ? SkipOptional(SkipOptional(j, end), end) : j, end);
        var second = cmd.Args > 1 ? ReadArg(first.Next, end) : first;
        string Text(Arg a, Mode m, Font f = Font.None) => a.Found ? Render(a.Start, a.End, m, depth + 1, f).Trim() : "";
        var textArg = (cmd.Kind == Kind.Style && cmd.Value == "text") || cmd.Kind is Kind.Cite or Kind.Ref or Kind.Href;
        var one = Text(first, textArg ? Mode.Text : mode, cmd.Font);
        var two = cmd.Args > 1 ? Text(second, cmd.Kind == Kind.Href ? Mode.Text : mode) : "";
        if (cmd.Kind == Kind.Not)
        {
            return Rel(sb.Length > 0 && sb[^1] == ' ', one.Length == 0 ? "¬" : Compose(one + "\u0338"), first.Next, end);
        }
        if (cmd.Kind == Kind.Frac && one.Length > 0 && two.Length > 0)
        {
            SpaceIf(sb.Length > 0 && char.IsAsciiDigit(sb[^1]) && char.IsAsciiDigit(one[0]));
            (one, two) = ($"{FracPart(one)}/", FracPart(two));
        }
        sb.Append(cmd.Kind switch
        {
            Kind.Binom => $"C({one}, {two})",
            Kind.Cite => $"[{one}]",
            Kind.Second => two,
            Kind.Href => two.Length == 0 || two == one ? one : $"{two} ({one})",
            Kind.SupText or Kind.SubText => ToScript(one, cmd.Kind == Kind.SupText),
            Kind.Ref when cmd.Value == "(" => $" ({one})", // a footnote, in brackets
            _ => one + two, // Style, Ref, Frac
        });
        return cmd.Args > 1 && second.Found ? second.Next : first.Next;
    }

    private int Sqrt(int j, int end, int depth)
    {
        var k = SkipSpace(j, end);
        var close = k < end && s[k] == '[' ? s.IndexOf(']', k + 1, Math.Min(40, end - k - 1)) : -1;
        var index = close > 0 ? Render(k + 1, close, Mode.Math, depth + 1, Font.None).Trim() : "";
        var arg = ReadArg(close > 0 ? close + 1 : k, end);
        var body = arg.Found ? Render(arg.Start, arg.End, Mode.Math, depth + 1, Font.None).Trim() : "";
        sb.Append(index switch { "" or "2" => "√", "3" => "∛", "4" => "∜", _ => ToScript(index, true) + "√" });
        var simple = new StringInfo(body).LengthInTextElements <= 1 || body.All(c => char.IsAsciiDigit(c) || c == '.');
        sb.Append(simple ? body : $"({body})");
        return arg.Next;
    }
}
