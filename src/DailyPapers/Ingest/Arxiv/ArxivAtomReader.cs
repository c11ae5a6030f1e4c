using System.Globalization;
using System.Xml.Linq;
using DailyPapers.Papers;

namespace DailyPapers.Ingest.Arxiv;

/// <summary>
/// Reads a query API response (Atom 1.0 with the opensearch and arxiv namespaces) into an <see cref="ArxivPage"/>.
/// Never throws on bad input: malformed or truncated XML, arXiv's error feed and an empty feed all come back as
/// an <see cref="ArxivError"/>.
/// </summary>
public static class ArxivAtomReader
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace OpenSearch = "http://a9.com/-/spec/opensearch/1.1/";
    private static readonly XNamespace Arxiv = "http://arxiv.org/schemas/atom";

    public static ArxivPage Read(string xml)
    {
        if (!UntrustedXml.TryLoadRoot(xml, out var feed, out var loadError))
        {
            return ArxivPage.Failed(ArxivErrorKind.BadResponse, $"arXiv sent {loadError}");
        }
        if (feed.Name != Atom + "feed")
        {
            return ArxivPage.Failed(ArxivErrorKind.BadResponse, $"arXiv sent <{feed.Name.LocalName}> where an Atom feed was expected");
        }

        var entries = feed.Elements(Atom + "entry").ToList();
        if (entries.Find(IsErrorEntry) is { } errorEntry)
        {
            return ErrorFeed(errorEntry);
        }
        var total = Counter(feed, "totalResults") ?? entries.Count;
        if (entries.Count == 0 && total == 0)
        {
            return new ArxivPage { Error = new ArxivError(ArxivErrorKind.NotFound, "not found") };
        }

        var papers = new List<Paper>(entries.Count);
        foreach (var entry in entries)
        {
            var (paper, error) = ToPaper(entry);
            if (paper is null)
            {
                return ArxivPage.Failed(ArxivErrorKind.BadResponse, $"arXiv sent an unreadable entry: {error}");
            }
            papers.Add(paper);
        }
        return new ArxivPage
        {
            TotalResults = total,
            StartIndex = Counter(feed, "startIndex") ?? 0,
            ItemsPerPage = Counter(feed, "itemsPerPage") ?? entries.Count,
            Papers = papers,
        };
    }

    // The error feed is a normal feed with one entry whose id is https://arxiv.org/api/errors#<reason>.
    private static bool IsErrorEntry(XElement entry) =>
        Text(entry, Atom + "id") is { } id && id.Contains("/api/errors", StringComparison.OrdinalIgnoreCase);

    private static ArxivPage ErrorFeed(XElement entry)
    {
        var summary = Text(entry, Atom + "summary") ?? Text(entry, Atom + "id") ?? "unknown error";
        const string BadId = "incorrect id format for ";
        return summary.StartsWith(BadId, StringComparison.OrdinalIgnoreCase)
            ? ArxivPage.Failed(ArxivErrorKind.MalformedId, $"malformed id: {summary[BadId.Length..]}")
            : ArxivPage.Failed(ArxivErrorKind.QueryRejected, $"arXiv rejected the query: {summary}");
    }

    private static (Paper? Paper, string? Error) ToPaper(XElement entry)
    {
        var idUrl = Text(entry, Atom + "id");
        if (!ArxivId.TryParse(idUrl, out var id))
        {
            return (null, $"'{idUrl}' is not an arXiv abs URL");
        }
        var title = entry.Element(Atom + "title")?.Value;
        if (string.IsNullOrWhiteSpace(title))
        {
            return (null, $"{id}: no title");
        }
        if (!TryDate(entry, "published", out var published) || !TryDate(entry, "updated", out var updated))
        {
            return (null, $"{id}: missing or malformed published/updated date");
        }

        // The API names only the version it returns: v1 appeared at <published>, that version at <updated>.
        var latest = id.Version ?? 1;
        List<PaperVersion> versions = latest == 1
            ? [new PaperVersion(1, published)]
            : [new PaperVersion(1, published), new PaperVersion(latest, updated)];

        return (new Paper
        {
            ArxivId = id.Id,
            Title = title,
            Abstract = entry.Element(Atom + "summary")?.Value ?? "",
            Authors = entry.Elements(Atom + "author").Select(ToAuthor).ToList(),
            Versions = versions,
            PrimaryCategory = entry.Element(Arxiv + "primary_category")?.Attribute("term")?.Value,
            Categories = entry.Elements(Atom + "category")
                .Select(c => c.Attribute("term")?.Value)
                .OfType<string>()
                .Where(t => t.Length > 0)
                .ToList(),
            Comments = Text(entry, Arxiv + "comment"),
            JournalRef = Text(entry, Arxiv + "journal_ref"),
            Doi = Text(entry, Arxiv + "doi"),
            PublishedAt = published,
            UpdatedAt = updated,
            AnnouncedOn = ArxivSchedule.AnnouncementDay(published),
            Source = "api",
        }, null);
    }

    private static PaperAuthor ToAuthor(XElement author)
    {
        var affiliations = author.Elements(Arxiv + "affiliation")
            .Select(a => a.Value.Trim())
            .Where(a => a.Length > 0)
            .ToList();
        return new PaperAuthor(
            author.Element(Atom + "name")?.Value.Trim() ?? "",
            affiliations.Count == 0 ? null : string.Join("; ", affiliations));
    }

    private static bool TryDate(XElement entry, string name, out DateTime value)
    {
        value = default;
        if (!DateTimeOffset.TryParse(Text(entry, Atom + name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }
        value = parsed.UtcDateTime;
        return true;
    }

    private static int? Counter(XElement feed, string name) =>
        int.TryParse(Text(feed, OpenSearch + name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string? Text(XElement parent, XName name) =>
        parent.Element(name)?.Value.Trim() is { Length: > 0 } text ? text : null;
}
