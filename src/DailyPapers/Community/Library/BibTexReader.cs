namespace DailyPapers.Community.Library;

/// <summary>One <c>@type{key, field = value, …}</c> of a BibTeX file: the fields a library import reads, or why it could not be read.</summary>
public sealed record BibTexEntry(string Type, string? Key, int Line, IReadOnlyDictionary<string, string> Fields, string? Error = null);

/// <summary>
/// Reads BibTeX as Zotero, Mendeley, JabRef, Google Scholar, DBLP and arXiv export it: <c>{…}</c> values with nested
/// braces, <c>"…"</c> values, numbers, <c>@string</c> macros (and the month names), concatenation with <c>#</c>,
/// <c>(…)</c> as well as <c>{…}</c> around an entry, <c>@comment</c> and <c>@preamble</c>, and text between entries
/// (free comments, <c>%</c> lines) ignored as BibTeX does. A broken entry (unbalanced braces, a missing <c>=</c> or
/// comma, a value past <see cref="MaxFieldChars"/>) comes back with its error, and reading goes on at the next line
/// that starts with <c>@</c>; a value never runs past such a line that opens an entry, so an unclosed brace costs one
/// entry, not the rest of the file, and the whole pass stays linear in the file's length.
/// </summary>
public sealed partial class BibTexReader
{
    /// <summary>A value longer than this (in characters, after macros and <c>#</c>) makes its entry an error.</summary>
    public const int MaxFieldChars = 100_000;

    /// <summary>Keys longer than this make the entry an error (no exporter writes them).</summary>
    public const int MaxKeyChars = 200;

    /// <summary>Macros one file may define; more are refused, each as an error.</summary>
    public const int MaxMacros = 5_000;

    /// <summary>The fields a library import reads; the others are checked and skipped.</summary>
    private static readonly HashSet<string> Wanted = new(StringComparer.Ordinal)
    {
        "title", "doi", "eprint", "arxivid", "arxiv", "archiveprefix", "eprinttype", "primaryclass", "eprintclass", "url",
        "journal", "journaltitle", "booktitle", "note", "howpublished", "eid", "volume", "number", "year", "date", "publisher",
    };

    private static readonly HashSet<string> EntryTypes = new(StringComparer.Ordinal)
    {
        "article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings", "manual", "mastersthesis", "misc",
        "phdthesis", "proceedings", "techreport", "unpublished", "online", "electronic", "report", "thesis", "software", "dataset",
        "patent", "collection", "preprint", "www", "webpage",
    };

    private readonly string s;
    private readonly LineIndex lines;
    private readonly Dictionary<string, string> macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jan"] = "January", ["feb"] = "February", ["mar"] = "March", ["apr"] = "April", ["may"] = "May", ["jun"] = "June",
        ["jul"] = "July", ["aug"] = "August", ["sep"] = "September", ["oct"] = "October", ["nov"] = "November", ["dec"] = "December",
    };

    private BibTexReader(string text)
    {
        s = text;
        lines = new LineIndex(text);
    }

    /// <summary>The entries of <paramref name="text"/> in file order, at most <paramref name="maxEntries"/> + 1 (one more says "too many").</summary>
    public static IReadOnlyList<BibTexEntry> Read(string text, int maxEntries) => new BibTexReader(text).ReadAll(maxEntries);

    private List<BibTexEntry> ReadAll(int maxEntries)
    {
        var entries = new List<BibTexEntry>();
        var pos = 0;
        while (entries.Count <= maxEntries)
        {
            var at = s.IndexOf('@', pos);
            if (at < 0)
            {
                break;
            }
            pos = at + 1;
            if (InLineComment(at))
            {
                pos = LineEnd(at);
                continue;
            }
            var nameEnd = ScanName(pos);
            var type = s[pos..nameEnd].ToLowerInvariant();
            var open = SkipSpace(nameEnd);
            if (type.Length == 0 || open >= s.Length || s[open] is not ('{' or '('))
            {
                // An '@' in free text (an address in a comment) is no entry; a known entry type without its brace is a broken one.
                if (EntryTypes.Contains(type))
                {
                    entries.Add(new BibTexEntry(type, null, lines.Of(at), Empty, $"@{type} is not followed by {{ or (."));
                }
                continue;
            }
            var result = type switch
            {
                "comment" or "preamble" => Skip(open),
                "string" => ReadMacro(at, open),
                _ => ReadEntry(type, at, open),
            };
            if (result.Entry is { } entry)
            {
                entries.Add(entry);
            }
            pos = result.Next;
        }
        return entries;
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    /// <summary>What reading one <c>@…</c> block gave, and where reading goes on.</summary>
    private readonly record struct Block(BibTexEntry? Entry, int Next);

    private Block ReadEntry(string type, int at, int open)
    {
        var close = s[open] == '{' ? '}' : ')';
        var line = lines.Of(at);
        var i = SkipSpace(open + 1);
        string? key = null;
        var keyEnd = s.IndexOfAny([',', close, '=', '\n'], i);
        if (keyEnd >= 0 && (s[keyEnd] == ',' || s[keyEnd] == close))
        {
            key = s[i..keyEnd].Trim();
            if (key.Length > MaxKeyChars)
            {
                return Broken(type, null, line, at, $"The key is longer than {MaxKeyChars} characters.");
            }
            key = key.Length == 0 ? null : key;
            i = s[keyEnd] == ',' ? keyEnd + 1 : keyEnd;
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            i = SkipSpace(i);
            if (i >= s.Length)
            {
                return Broken(type, key, line, at, $"The entry is not closed: its '{close}' is missing.");
            }
            if (s[i] == close)
            {
                return new Block(new BibTexEntry(type, key, line, fields), i + 1);
            }
            if (s[i] == ',')
            {
                i++;
                continue;
            }
            var nameEnd = ScanName(i);
            if (nameEnd == i)
            {
                return Broken(type, key, line, at, StartsEntry(i)
                    ? $"The entry is not closed before the next one at line {lines.Of(i)}."
                    : $"Line {lines.Of(i)}: '{Shown(s[i])}' where a field name should be.");
            }
            var name = s[i..nameEnd].ToLowerInvariant();
            i = SkipSpace(nameEnd);
            if (i >= s.Length || s[i] != '=')
            {
                return Broken(type, key, line, at, $"Line {lines.Of(Math.Min(i, s.Length - 1))}: the field '{Cut(name)}' has no '='.");
            }
            var value = ReadValue(SkipSpace(i + 1), name, keep: Wanted.Contains(name) && !fields.ContainsKey(name));
            if (value.Error is { } error)
            {
                return Broken(type, key, line, at, error);
            }
            if (value.Text is { } text)
            {
                fields[name] = text;
            }
            i = SkipSpace(value.Next);
            if (i < s.Length && s[i] != ',' && s[i] != close)
            {
                return Broken(type, key, line, at, StartsEntry(i)
                    ? $"The entry is not closed before the next one at line {lines.Of(i)}."
                    : $"Line {lines.Of(i)}: the field '{Cut(name)}' is followed by '{Shown(s[i])}' instead of a comma.");
            }
        }
    }

    /// <summary><c>@string{name = value}</c>: defines a macro; only a broken one comes back as an entry.</summary>
    private Block ReadMacro(int at, int open)
    {
        var close = s[open] == '{' ? '}' : ')';
        var line = lines.Of(at);
        var i = SkipSpace(open + 1);
        var nameEnd = ScanName(i);
        var name = s[i..nameEnd];
        i = SkipSpace(nameEnd);
        if (name.Length == 0 || i >= s.Length || s[i] != '=')
        {
            return Broken("string", null, line, at, "An @string needs 'name = value'.");
        }
        var value = ReadValue(SkipSpace(i + 1), name, keep: true);
        if (value.Error is { } error)
        {
            return Broken("string", name, line, at, error);
        }
        i = SkipSpace(value.Next);
        if (i >= s.Length || s[i] != close)
        {
            return Broken("string", name, line, at, $"The @string '{Cut(name)}' is not closed with '{close}'.");
        }
        if (macros.Count >= MaxMacros + 12 && !macros.ContainsKey(name))
        {
            return Broken("string", name, line, i + 1, $"More than {MaxMacros} @string macros.");
        }
        macros[name] = value.Text!;
        return new Block(null, i + 1);
    }

    /// <summary>@comment and @preamble: their balanced group is skipped; an unbalanced one ends at the next line opening an entry.</summary>
    private Block Skip(int open)
    {
        var end = MatchGroup(open);
        return new Block(null, end >= 0 ? end + 1 : Resync(open));
    }

    private Block Broken(string type, string? key, int line, int at, string error) =>
        new(new BibTexEntry(type, key, line, Empty, error), Resync(at));

    /// <summary>Where reading goes on after a broken block that started at <paramref name="at"/>: the next line starting with '@'.</summary>
    private int Resync(int at)
    {
        for (var k = s.IndexOf('\n', at); k >= 0; k = s.IndexOf('\n', k + 1))
        {
            var j = k + 1;
            while (j < s.Length && s[j] is ' ' or '\t')
            {
                j++;
            }
            if (j < s.Length && s[j] == '@')
            {
                return j;
            }
        }
        return s.Length;
    }
}
