using System.Text.RegularExpressions;
using DailyPapers.Papers;

namespace DailyPapers.Community.Library;

/// <summary>
/// An arXiv id mentioned in free text, the way exporters write one into a journal, note or URL field:
/// <c>arXiv preprint arXiv:1706.03762</c>, <c>arXiv:1706.03762 [cs]</c>, <c>arXiv: hep-th/9901001</c>, arXiv links,
/// arXiv's DOI <c>10.48550/arXiv.…</c>, and DBLP's <c>CoRR abs/1706.03762</c>. The version is dropped.
/// </summary>
internal static partial class ArxivInText
{
    public static string? Find(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var plain = ImportText.Unlatex(text);
        foreach (Match m in Mention().Matches(plain))
        {
            if (ArxivId.TryParse(m.Groups["id"].Value, out var id))
            {
                return id.Id;
            }
        }
        return null;
    }

    private const string Id = @"(?<id>\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[a-z]{2})?/\d{7})(?![\d])";

    [GeneratedRegex(@"(?:arxiv\.org/(?:abs|pdf|html)/|10\.48550/arxiv\.|arxiv\s*[:.]?\s*(?:e-?prints?\s*[:.]?\s*)?|(?<![\w/])abs/)" + Id,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Mention();
}
