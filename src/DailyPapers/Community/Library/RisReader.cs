using System.Text;
using System.Text.RegularExpressions;

namespace DailyPapers.Community.Library;

/// <summary>One <c>TY  - …</c> … <c>ER  -</c> block of an RIS file: the tags a library import reads, in order, or why it could not be read.</summary>
public sealed record RisEntry(int Line, IReadOnlyList<KeyValuePair<string, string>> Tags, string? Error = null)
{
    /// <summary>The first value of <paramref name="tag"/>, or null.</summary>
    public string? First(string tag) => Tags.FirstOrDefault(t => t.Key == tag).Value;
}

/// <summary>
/// Reads RIS as reference managers export it (Zotero, Mendeley, EndNote, JabRef): one <c>XX  - value</c> line per
/// tag, an entry from <c>TY</c> to <c>ER</c>, a line without a tag continuing the value before it. An entry whose
/// <c>ER</c> is missing ends at the next <c>TY</c> or the end of the file and is kept; tags outside any entry and a
/// value past <see cref="BibTexReader.MaxFieldChars"/> are errors of their own.
/// </summary>
public static partial class RisReader
{
    /// <summary>The tags a library import reads: the id, titles, DOI, links, notes, journal names, dates.</summary>
    private static readonly HashSet<string> Wanted = new(StringComparer.Ordinal)
    {
        "ID", "TI", "T1", "CT", "ST", "DO", "UR", "L1", "L2", "L3", "L4", "LK", "N1", "JO", "JF", "JA", "J1", "J2", "T2",
        "M1", "M3", "AN", "PY", "Y1", "DA",
    };

    /// <summary>Whether the text starts like RIS: its first line that is not blank is a <c>TY</c> tag.</summary>
    public static bool Looks(string text)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!line.IsWhiteSpace())
            {
                return Tag().IsMatch(line) && line.TrimStart().StartsWith("TY", StringComparison.Ordinal);
            }
        }
        return false;
    }

    /// <summary>The entries of <paramref name="text"/> in file order, at most <paramref name="maxEntries"/> + 1.</summary>
    public static IReadOnlyList<RisEntry> Read(string text, int maxEntries)
    {
        var entries = new List<RisEntry>();
        // The entry being read: its tags (a wrapped value grows in its builder), first line, and error.
        List<(string Tag, StringBuilder Value)>? tags = null;
        int start = 0, number = 0;
        string? error = null;
        var stray = false;
        // Whether the last tag line was one that is kept: a wrapped value continues that tag, not an earlier one.
        var keptLast = false;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            number++;
            if (entries.Count > maxEntries)
            {
                return entries;
            }
            var match = Tag().Match(line.ToString());
            if (!match.Success)
            {
                // A wrapped value goes on; text between entries is ignored.
                if (tags is { Count: > 0 } && keptLast && !line.IsWhiteSpace() && error is null)
                {
                    var (tag, value) = tags[^1];
                    value.Append(' ').Append(line.Trim());
                    error = TooLong(tag, value.Length);
                }
                continue;
            }
            var name = match.Groups["tag"].Value;
            var first = match.Groups["value"].Value.Trim();
            keptLast = name == "TY" || Wanted.Contains(name);
            if (name == "TY")
            {
                Close();
                tags = [(name, new StringBuilder(first))];
                start = number;
                stray = false;
            }
            else if (name == "ER")
            {
                Close();
            }
            else if (tags is null)
            {
                if (!stray)
                {
                    entries.Add(new RisEntry(number, [], $"Line {number}: the tag {name} is outside an entry (no TY line before it)."));
                }
                stray = true;
            }
            else if (Wanted.Contains(name) && error is null)
            {
                tags.Add((name, new StringBuilder(first)));
                error = TooLong(name, first.Length);
            }
        }
        Close();
        return entries;

        void Close()
        {
            if (tags is not null)
            {
                entries.Add(error is null
                    ? new RisEntry(start, tags.Select(t => new KeyValuePair<string, string>(t.Tag, t.Value.ToString())).ToList())
                    : new RisEntry(start, [], error));
            }
            tags = null;
            error = null;
        }
    }

    private static string? TooLong(string tag, int length) =>
        length > BibTexReader.MaxFieldChars ? $"The {tag} value is longer than {BibTexReader.MaxFieldChars:N0} characters." : null;

    // "TY  - JOUR": two characters, two spaces, a hyphen; exporters differ in the spaces and in the blank after the hyphen.
    [GeneratedRegex(@"^\s*(?<tag>[A-Z][A-Z0-9]) {1,2}-(?: (?<value>.*)|\s*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
