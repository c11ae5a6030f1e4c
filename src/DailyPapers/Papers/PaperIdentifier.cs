using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace DailyPapers.Papers;

/// <summary>
/// A paper named by an identifier typed or pasted into the search box or an imported library: an arXiv id or link
/// (<see cref="Papers.ArxivId"/>'s forms), or a DOI (<c>10.1103/PhysRevD.1.1</c>, <c>doi:…</c>,
/// <c>https://doi.org/…</c>). arXiv's own DOIs (<c>10.48550/arXiv.2310.06110</c>) name the arXiv id.
/// </summary>
public sealed partial record PaperIdentifier(string? ArxivId, string? Doi)
{
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PaperIdentifier? identifier)
    {
        identifier = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 300 || text.Any(char.IsWhiteSpace))
        {
            return false;
        }
        if (Papers.ArxivId.TryParse(text, out var id))
        {
            identifier = new PaperIdentifier(id.Id, null);
            return true;
        }
        var doi = DoiShape().Match(text);
        if (!doi.Success)
        {
            return false;
        }
        var value = Uri.UnescapeDataString(doi.Groups["doi"].Value);
        var arxiv = ArxivDoi().Match(value);
        identifier = arxiv.Success && Papers.ArxivId.TryParse(arxiv.Groups["id"].Value, out var fromDoi)
            ? new PaperIdentifier(fromDoi.Id, null)
            : new PaperIdentifier(null, value.ToLowerInvariant());
        return true;
    }

    [GeneratedRegex(@"^((https?://)?(dx\.)?doi\.org/|doi:)?(?<doi>10\.\d{4,9}/\S+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoiShape();

    [GeneratedRegex(@"^10\.48550/arxiv\.(?<id>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ArxivDoi();
}
