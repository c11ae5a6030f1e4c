using System.Globalization;
using System.Text.Json;
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

    public static SnapshotLine Parse(ReadOnlySpan<byte> utf8Line, long lineNumber)
    {
        SnapshotRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(utf8Line, SnapshotJsonContext.Default.SnapshotRecord);
        }
        catch (JsonException e)
        {
            return new(lineNumber, null, $"invalid JSON: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json reports invalid UTF-8 this way.
            return new(lineNumber, null, $"invalid text: {e.Message}");
        }
        if (record is null)
        {
            return new(lineNumber, null, "the line is not a JSON object");
        }
        var (paper, error) = ToPaper(record);
        return new(lineNumber, paper, error);
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
            return (null, $"{id.Id}: title of {r.Title.Length:N0} characters is too long");
        }
        if (r.Abstract is { Length: > MaxAbstractLength })
        {
            return (null, $"{id.Id}: abstract of {r.Abstract.Length:N0} characters is too long (limit {MaxAbstractLength:N0})");
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
            Source = "snapshot",
        }, null);
    }

    private static List<PaperAuthor> ParseAuthors(SnapshotRecord r)
    {
        // authors_parsed has accents decoded ("Balázs") where `authors` keeps TeX ("Bal\'azs").
        if (r.AuthorsParsed is { Count: > 0 } parsed)
        {
            return parsed
                .Select(p => string.Join(' ', new[] { p.ElementAtOrDefault(1), p.ElementAtOrDefault(0), p.ElementAtOrDefault(2) }
                    .Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim())))
                .Where(n => n.Length > 0)
                .Select(n => new PaperAuthor(n))
                .ToList();
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
