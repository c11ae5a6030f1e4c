using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using DailyPapers.Papers;

namespace DailyPapers.Ingest.Snapshot;

/// <summary>The result of reading one snapshot line: a paper, or the reason the line was rejected.</summary>
public readonly record struct SnapshotLine(long LineNumber, Paper? Paper, string? Error);

/// <summary>
/// Turns one JSON line of the Kaggle snapshot into a <see cref="Paper"/>, or a one-line reason it cannot.
/// Never throws on bad input: broken JSON, wrong types, invalid UTF-8, a missing id or an absurd size are
/// all reported as errors for that line.
/// </summary>
public static class SnapshotLineParser
{
    /// <summary>arXiv caps abstracts at 1,920 characters; anything far beyond that is not a real record.</summary>
    public const int MaxAbstractLength = 20_000;
    public const int MaxTitleLength = 2_000;

    private static ReadOnlySpan<byte> EscapedNul => "\\u0000"u8;

    public static SnapshotLine Parse(ReadOnlySpan<byte> utf8Line, long lineNumber)
    {
        // Checked up front (vectorised, cheap) so a bad byte anywhere is reported with its position,
        // not replaced by U+FFFD or hidden in a field the record does not keep.
        if (!Utf8.IsValid(utf8Line))
        {
            return new(lineNumber, null, $"invalid UTF-8 at byte {FirstInvalidByte(utf8Line) + 1}");
        }
        SnapshotRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(utf8Line, SnapshotJsonContext.Default.SnapshotRecord);
        }
        catch (JsonException e)
        {
            return new(lineNumber, null, Describe(e));
        }
        catch (InvalidOperationException e)
        {
            return new(lineNumber, null, $"invalid text: {e.Message}");
        }
        if (record is null)
        {
            return new(lineNumber, null, "the line is not a JSON object");
        }
        if (utf8Line.IndexOf(EscapedNul) >= 0)
        {
            // JSON may carry U+0000 (as \u0000); no title or name means anything by it, and PostgreSQL cannot
            // store it in text at all, so it is dropped here, before the paper exists, the same for both databases.
            record.RemoveNulCharacters();
        }
        var (paper, error) = ToPaper(record);
        return new(lineNumber, paper, error);
    }

    /// <summary>System.Text.Json's message without its "LineNumber: 0" (the whole record is one line), plus where.</summary>
    private static string Describe(JsonException e)
    {
        var message = e.Message;
        foreach (var marker in (string[])[" Path:", " LineNumber:"])
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }
        var where = e.BytePositionInLine is { } b ? $" (at byte {b + 1}{(string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $", {e.Path}")})" : "";
        return $"invalid JSON: {message.TrimEnd('.')}{where}";
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }
            offset += consumed;
        }
        return offset;
    }

    public static (Paper? Paper, string? Error) ToPaper(SnapshotRecord r)
    {
        if (string.IsNullOrWhiteSpace(r.Id))
        {
            return (null, "missing id");
        }
        if (!ArxivId.TryParse(r.Id, out var id))
        {
            return (null, $"malformed arXiv id '{Truncate(r.Id)}'");
        }
        if (string.IsNullOrWhiteSpace(r.Title))
        {
            return (null, $"{id.Id}: missing title");
        }
        if (r.Title.Length > MaxTitleLength)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"{id.Id}: title of {r.Title.Length:N0} characters is too long"));
        }
        if (r.Abstract is { Length: > MaxAbstractLength })
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"{id.Id}: abstract of {r.Abstract.Length:N0} characters is too long (limit {MaxAbstractLength:N0})"));
        }
        var versions = new List<PaperVersion>();
        foreach (var v in r.Versions ?? [])
        {
            if (v.Version is not { Length: > 1 } vs || (vs[0] != 'v' && vs[0] != 'V')
                || !int.TryParse(vs.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                return (null, $"{id.Id}: malformed version '{Truncate(v.Version)}'");
            }
            if (!TryParseRfc1123(v.Created, out var created))
            {
                return (null, $"{id.Id}: malformed version date '{Truncate(v.Created)}'");
            }
            if (versions.Exists(x => x.Number == number))
            {
                return (null, $"{id.Id}: version v{number} is listed twice");
            }
            versions.Add(new PaperVersion(number, created));
        }
        DateTime? updateDate = DateTime.TryParseExact(r.UpdateDate, "yyyy-MM-dd", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var ud) ? ud : null;
        if (versions.Count == 0)
        {
            if (updateDate is null)
            {
                return (null, $"{id.Id}: no versions and no update_date");
            }
            versions.Add(new PaperVersion(1, updateDate.Value));
        }
        versions.Sort((a, b) => a.Number.CompareTo(b.Number));
        var categories = (r.Categories ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (new Paper
        {
            ArxivId = id.Id,
            Title = r.Title,
            Abstract = r.Abstract ?? "",
            Authors = ParseAuthors(r),
            Versions = versions,
            PrimaryCategory = categories.FirstOrDefault(),
            Categories = categories,
            Comments = NullIfBlank(r.Comments),
            JournalRef = NullIfBlank(r.JournalRef),
            Doi = NullIfBlank(r.Doi),
            ReportNo = NullIfBlank(r.ReportNo),
            License = NullIfBlank(r.License),
            Submitter = NullIfBlank(r.Submitter),
            PublishedAt = versions[0].CreatedAt,
            UpdatedAt = versions[^1].CreatedAt,
            // A record without versions has only update_date, the day it last changed: no announcement day from that.
            AnnouncedOn = r.Versions is { Count: > 0 } && versions[0].Number == 1 ? ArxivSchedule.AnnouncementDay(versions[0].CreatedAt) : null,
            Source = "snapshot",
        }, null);
    }

    private static List<PaperAuthor> ParseAuthors(SnapshotRecord r)
    {
        // authors_parsed has accents decoded ("Balázs") where `authors` keeps TeX ("Bal\'azs"). Each entry is
        // [last, first, suffix] and sometimes a fourth element, the affiliation (with hard line breaks).
        if (r.AuthorsParsed is { Count: > 0 } parsed)
        {
            var authors = new List<PaperAuthor>(parsed.Count);
            foreach (var p in parsed)
            {
                var name = SourceText.Collapse(string.Join(' ', p.Count > 1 ? p[1] : null, p.Count > 0 ? p[0] : null, p.Count > 2 ? p[2] : null));
                if (name.Length > 0)
                {
                    authors.Add(new PaperAuthor(name, p.Count > 3 && SourceText.Collapse(p[3]) is { Length: > 0 } affiliation ? affiliation : null));
                }
            }
            return authors;
        }
        return (r.Authors ?? "").Replace("\n", " ", StringComparison.Ordinal)
            .Split([", ", " and "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => new PaperAuthor(n))
            .ToList();
    }

    private static bool TryParseRfc1123(string? s, out DateTime value) =>
        DateTime.TryParseExact(s, "ddd, d MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Truncate(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..40] + "…";
}
