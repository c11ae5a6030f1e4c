using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DailyPapers.Community.Library;

/// <summary>What a library file is written in.</summary>
public enum LibraryFormat
{
    BibTex,
    Ris,

    /// <summary>arXiv ids, arXiv links or DOIs, one a line.</summary>
    List,
}

/// <summary>A library as read: where it came from, its format and its entries in order (malformed ones included).</summary>
public sealed record LibraryFile(string Source, LibraryFormat Format, IReadOnlyList<LibraryEntry> Entries);

/// <summary>A file that was read, or the one reason it cannot be.</summary>
public sealed record LibraryRead(LibraryFile? File, string? Error);

/// <summary>
/// Turns an upload or pasted text into entries: the bytes decoded (UTF-8, or UTF-16 by its byte-order mark; a
/// BOM and CR LF line ends taken off), the format told from the content (RIS when the first line is a <c>TY</c>
/// tag, BibTeX when an <c>@type{</c> appears, else a list), and each entry's identifiers and title taken out.
/// </summary>
public static partial class LibraryReader
{
    /// <summary>Bytes looked at to tell a text file from a binary one.</summary>
    private const int SniffBytes = 8192;

    /// <summary>The text of an upload, or null when it is not text (NUL bytes near the start: a PDF, an image, a zip).</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes)
    {
        Encoding encoding = bytes.StartsWith((byte[])[0xFF, 0xFE]) ? Encoding.Unicode
            : bytes.StartsWith((byte[])[0xFE, 0xFF]) ? Encoding.BigEndianUnicode
            : Encoding.UTF8;
        if (encoding == Encoding.UTF8 && bytes[..Math.Min(bytes.Length, SniffBytes)].Contains((byte)0))
        {
            return null;
        }
        return encoding.GetString(bytes);
    }

    /// <summary>Reads <paramref name="text"/> named <paramref name="source"/>; more than <paramref name="maxEntries"/> entries is an error.</summary>
    public static LibraryRead Read(string source, string text, int maxEntries)
    {
        text = Normalize(text);
        var format = RisReader.Looks(text) ? LibraryFormat.Ris : EntryStart().IsMatch(text) ? LibraryFormat.BibTex : LibraryFormat.List;
        var entries = format switch
        {
            LibraryFormat.Ris => RisReader.Read(text, maxEntries).Select(FromRis).ToList(),
            LibraryFormat.BibTex => BibTexReader.Read(text, maxEntries).Select(FromBibTex).ToList(),
            _ => ReadList(text, maxEntries),
        };
        if (entries.Count > maxEntries)
        {
            return new LibraryRead(null, $"This has more than {maxEntries:N0} entries, the most one import takes. Split it into parts and import each.");
        }
        if (entries.Count == 0)
        {
            return new LibraryRead(null, format == LibraryFormat.BibTex
                ? "No BibTeX entries were found in this file."
                : "Nothing to import was found: a BibTeX file (@article{…}), an RIS file (TY  - … ER  -), or arXiv ids, links or DOIs one a line.");
        }
        return new LibraryRead(new LibraryFile(source, format, entries), null);
    }

    /// <summary>Without a byte-order mark, and with every line ending a single LF.</summary>
    private static string Normalize(string text)
    {
        text = text.TrimStart('\uFEFF');
        return text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;
    }

    private static LibraryEntry FromBibTex(BibTexEntry e)
    {
        var label = e.Type == "string" ? $"@string {LibraryEntry.LabelOf(e.Key, e.Line)}" : LibraryEntry.LabelOf(e.Key, e.Line);
        if (e.Error is { } error)
        {
            return new LibraryEntry { Label = label, Error = error };
        }
        var f = e.Fields;
        string? Field(string name) => f.GetValueOrDefault(name);
        // eprint names an arXiv paper unless the entry says it is another archive's (PubMed, HDL…).
        var archive = Field("archiveprefix") ?? Field("eprinttype");
        var eprint = archive is null || archive.Contains("arxiv", StringComparison.OrdinalIgnoreCase) ? Field("eprint") : null;
        // Before 2007 an eprint could be the number alone, its archive in primaryClass: 9901001 of hep-th.
        if (eprint is not null && SevenDigits().IsMatch(eprint.Trim()) && (Field("primaryclass") ?? Field("eprintclass")) is { } archiveClass)
        {
            eprint = $"{archiveClass.Trim()}/{eprint.Trim()}";
        }
        return LibraryEntry.From(label, Field("title"), Year(Field("year") ?? Field("date")),
            [eprint, Field("arxivid"), Field("arxiv"), Field("doi"), Field("eid"), Field("url")],
            [Field("journal"), Field("journaltitle"), Field("volume"), Field("number"), Field("note"), Field("howpublished"),
                Field("booktitle"), Field("publisher")]);
    }

    private static LibraryEntry FromRis(RisEntry e)
    {
        var label = LibraryEntry.LabelOf(e.First("ID"), e.Line);
        if (e.Error is { } error)
        {
            return new LibraryEntry { Label = label, Error = error };
        }
        IEnumerable<string?> All(params string[] tags) => e.Tags.Where(t => tags.Contains(t.Key)).Select(t => (string?)t.Value);
        return LibraryEntry.From(label, e.First("TI") ?? e.First("T1") ?? e.First("CT") ?? e.First("ST"),
            Year(e.First("PY") ?? e.First("Y1") ?? e.First("DA")),
            All("DO", "UR", "L1", "L2", "L3", "L4", "LK"),
            All("N1", "JO", "JF", "JA", "J1", "J2", "T2", "M1", "M3", "AN"));
    }

    /// <summary>One id, link or DOI a line; blank lines are skipped.</summary>
    private static List<LibraryEntry> ReadList(string text, int maxEntries)
    {
        var entries = new List<LibraryEntry>();
        var number = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            number++;
            if (line.IsWhiteSpace())
            {
                continue;
            }
            if (entries.Count > maxEntries)
            {
                break;
            }
            var value = line.Length > 1_000 ? null : line.Trim().ToString();
            var label = $"line {number}";
            entries.Add(LibraryEntry.Identify(value) is { } id
                ? new LibraryEntry { Label = label, ArxivId = id.ArxivId, Doi = id.Doi }
                : new LibraryEntry
                {
                    Label = label,
                    Error = $"“{ImportText.Clean(line.ToString(), 60)}” is not an arXiv id, arXiv link or DOI.",
                });
        }
        return entries;
    }

    private static int? Year(string? text) => text is not null && YearPattern().Match(text) is { Success: true } m ? int.Parse(m.Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"@\s*[A-Za-z]+\s*[{(]", RegexOptions.CultureInvariant)]
    private static partial Regex EntryStart();

    [GeneratedRegex(@"^\d{7}$", RegexOptions.CultureInvariant)]
    private static partial Regex SevenDigits();

    [GeneratedRegex(@"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex YearPattern();
}
