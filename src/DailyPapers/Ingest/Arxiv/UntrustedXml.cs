using System.Diagnostics.CodeAnalysis;
using System.Xml;
using System.Xml.Linq;

namespace DailyPapers.Ingest.Arxiv;

/// <summary>Loads XML that came over the network: no DTDs, no external resources, errors as text instead of exceptions.</summary>
internal static class UntrustedXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
    };

    /// <summary>The document's root element, or why there is none (malformed or truncated XML, an empty document).</summary>
    public static bool TryLoadRoot(string xml, [NotNullWhen(true)] out XElement? root, [NotNullWhen(false)] out string? error)
    {
        root = null;
        error = null;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), Settings);
            root = XDocument.Load(reader).Root;
        }
        catch (XmlException e)
        {
            error = $"malformed or truncated XML: {e.Message}";
            return false;
        }
        if (root is null)
        {
            error = "an empty document";
            return false;
        }
        return true;
    }
}
