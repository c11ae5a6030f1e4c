using System.Globalization;
using System.Xml.Linq;
using DailyPapers.Papers;

namespace DailyPapers.Ingest.Oai;

/// <summary>
/// Turns arXiv's <c>arXivRaw</c> metadata into a <see cref="Paper"/> (source <c>oai</c>), or a one-line reason
/// it cannot. Title and abstract stay as arXiv wrote them (LaTeX, hard line breaks), like every other source.
/// </summary>
public static class ArxivRawRecord
{
    public static readonly XNamespace Namespace = "http://arxiv.org/OAI/arXivRaw/";

    private static readonly string[] DateFormats = ["ddd, d MMM yyyy HH:mm:ss 'GMT'", "d MMM yyyy HH:mm:ss 'GMT'"];

    /// <param name="raw">The record's arXivRaw element.</param>
    /// <param name="datestamp">The OAI header's datestamp, which places a single-version record that arXiv announced late.</param>
    public static (Paper? Paper, string? Problem) ToPaper(XElement raw, DateOnly? datestamp = null)
    {
        var idText = Text(raw, "id");
        if (idText is null)
        {
            return (null, "no <id>");
        }
        if (!ArxivId.TryParse(idText, out var id) || id.Version is not null)
        {
            return (null, $"malformed arXiv id '{idText}'");
        }
        var title = raw.Element(Namespace + "title")?.Value;
        if (string.IsNullOrWhiteSpace(title))
        {
            return (null, $"{id.Id}: no title");
        }
        var versions = new List<PaperVersion>();
        foreach (var element in raw.Elements(Namespace + "version"))
        {
            var label = element.Attribute("version")?.Value;
            if (label is not { Length: > 1 } || label[0] is not ('v' or 'V')
                || !int.TryParse(label.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                return (null, $"{id.Id}: malformed version '{label}'");
            }
            var date = Text(element, "date");
            if (!DateTime.TryParseExact(date, DateFormats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var created))
            {
                return (null, $"{id.Id}: malformed date '{date}' of v{number}");
            }
            if (versions.Exists(v => v.Number == number))
            {
                return (null, $"{id.Id}: v{number} is listed twice");
            }
            versions.Add(new PaperVersion(number, created, Text(element, "size")));
        }
        if (versions.Count == 0)
        {
            return (null, $"{id.Id}: no versions");
        }
        versions.Sort((a, b) => a.Number.CompareTo(b.Number));
        var categories = (Text(raw, "categories") ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return (new Paper
        {
            ArxivId = id.Id,
            Title = title,
            Abstract = raw.Element(Namespace + "abstract")?.Value ?? "",
            Authors = ArxivRawAuthors.Parse(raw.Element(Namespace + "authors")?.Value),
            Versions = versions,
            PrimaryCategory = categories.FirstOrDefault(),
            Categories = categories,
            Comments = Text(raw, "comments"),
            JournalRef = Text(raw, "journal-ref"),
            Doi = Text(raw, "doi"),
            ReportNo = Text(raw, "report-no"),
            License = Text(raw, "license"),
            Submitter = Text(raw, "submitter"),
            MscClass = Text(raw, "msc-class"),
            AcmClass = Text(raw, "acm-class"),
            PublishedAt = versions[0].CreatedAt,
            UpdatedAt = versions[^1].CreatedAt,
            AnnouncedOn = versions[0].Number == 1 ? ArxivSchedule.AnnouncementDay(versions[0].CreatedAt, versions.Count, datestamp) : null,
            Source = "oai",
        }, null);
    }

    private static string? Text(XElement parent, string name) =>
        parent.Element(Namespace + name)?.Value.Trim() is { Length: > 0 } text ? text : null;
}
