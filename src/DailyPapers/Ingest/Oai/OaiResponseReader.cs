using System.Globalization;
using System.Xml.Linq;

using DailyPapers.Ingest.Arxiv;

namespace DailyPapers.Ingest.Oai;

/// <summary>
/// Reads an OAI-PMH response (ListRecords or GetRecord with arXivRaw metadata) into an <see cref="OaiPage"/>.
/// Never throws on bad input: malformed or truncated XML, an OAI error and a document of another kind come
/// back as an <see cref="OaiError"/>; a record that cannot be read becomes an <see cref="OaiRecord"/> with a
/// <see cref="OaiRecord.Problem"/>, so one bad record does not cost the page.
/// </summary>
public static class OaiResponseReader
{
    private static readonly XNamespace Oai = "http://www.openarchives.org/OAI/2.0/";

    public static OaiPage Read(string xml)
    {
        if (!UntrustedXml.TryLoadRoot(xml, out var root, out var loadError))
        {
            return OaiPage.Failed(OaiErrorKind.BadResponse, $"arXiv OAI sent {loadError}");
        }
        if (root.Name != Oai + "OAI-PMH")
        {
            return OaiPage.Failed(OaiErrorKind.BadResponse, $"arXiv OAI sent <{root.Name.LocalName}> where an OAI-PMH response was expected");
        }
        var responseDate = DateTimeOffset.TryParse(Text(root, "responseDate"), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var rd) ? rd : (DateTimeOffset?)null;
        if (root.Element(Oai + "error") is { } error)
        {
            return new OaiPage { ResponseDate = responseDate, Error = OaiError.FromCode(error.Attribute("code")?.Value, error.Value) };
        }
        var list = root.Element(Oai + "ListRecords") ?? root.Element(Oai + "GetRecord");
        if (list is null)
        {
            return OaiPage.Failed(OaiErrorKind.BadResponse, "arXiv OAI sent neither records nor an error");
        }
        var token = list.Element(Oai + "resumptionToken");
        return new OaiPage
        {
            ResponseDate = responseDate,
            Records = list.Elements(Oai + "record").Select(ReadRecord).ToList(),
            ResumptionToken = token?.Value.Trim() is { Length: > 0 } next ? next : null,
            Cursor = Number(token?.Attribute("cursor")),
            CompleteListSize = Number(token?.Attribute("completeListSize")),
        };
    }

    private static OaiRecord ReadRecord(XElement record)
    {
        var header = record.Element(Oai + "header");
        var identifier = header is null ? null : Text(header, "identifier");
        if (header is null || identifier is null)
        {
            return new OaiRecord { Identifier = "(no identifier)", Problem = "the record has no header identifier" };
        }
        var datestamp = Text(header, "datestamp") is { Length: >= 10 } d
            && DateOnly.TryParseExact(d[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : (DateOnly?)null;
        if (header.Attribute("status")?.Value == "deleted")
        {
            return new OaiRecord { Identifier = identifier, Datestamp = datestamp, Deleted = true };
        }
        var raw = record.Element(Oai + "metadata")?.Element(ArxivRawRecord.Namespace + "arXivRaw");
        if (raw is null)
        {
            return new OaiRecord { Identifier = identifier, Datestamp = datestamp, Problem = "no arXivRaw metadata" };
        }
        var (paper, problem) = ArxivRawRecord.ToPaper(raw, datestamp);
        return new OaiRecord { Identifier = identifier, Datestamp = datestamp, Paper = paper, Problem = problem };
    }

    private static long? Number(XAttribute? attribute) =>
        long.TryParse(attribute?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string? Text(XElement parent, string name) =>
        parent.Element(Oai + name)?.Value.Trim() is { Length: > 0 } text ? text : null;
}
