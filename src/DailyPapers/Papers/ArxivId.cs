using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DailyPapers.Papers;

/// <summary>
/// An arXiv identifier as people paste it: <c>2310.06110</c>, <c>2310.06110v2</c>, <c>arXiv:2310.06110</c>,
/// <c>https://arxiv.org/abs/…</c>, <c>https://arxiv.org/pdf/….pdf</c>, or old-style <c>hep-th/9901001</c>.
/// Papers are keyed by <see cref="Id"/> (no version).
/// </summary>
public readonly partial record struct ArxivId(string Id, int? Version)
{
    /// <summary>The id with its version when one was given, as arXiv writes it.</summary>
    public override string ToString() => Version is { } v ? $"{Id}v{v}" : Id;

    public static ArxivId Parse(string input) =>
        TryParse(input, out var id) ? id : throw new FormatException($"'{input}' is not an arXiv id.");

    public static bool TryParse([NotNullWhen(true)] string? input, out ArxivId id)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 300)
        {
            return false;
        }
        var s = input.Trim();
        var url = UrlPrefix().Match(s);
        if (url.Success)
        {
            s = s[url.Length..];
            var cut = s.IndexOfAny(['?', '#']);
            if (cut >= 0)
            {
                s = s[..cut];
            }
            s = s.TrimEnd('/');
            if (s.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
            {
                s = s[..^4];
            }
        }
        else if (s.StartsWith("arxiv:", StringComparison.OrdinalIgnoreCase))
        {
            s = s[6..].Trim();
        }

        var m = NewStyle().Match(s);
        if (!m.Success)
        {
            m = OldStyle().Match(s);
        }
        if (!m.Success)
        {
            return false;
        }
        int? version = m.Groups["v"].Success ? int.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture) : null;
        if (version is 0)
        {
            return false;
        }
        var body = m.Groups["id"].Value;
        if (m.Groups["arch"].Success)
        {
            body = m.Groups["arch"].Value.ToLowerInvariant() + "/" + m.Groups["num"].Value;
        }
        else if (!ValidNewStyleMonth(body))
        {
            return false;
        }
        id = new ArxivId(body, version);
        return true;
    }

    private static bool ValidNewStyleMonth(string id) => int.Parse(id.AsSpan(2, 2), CultureInfo.InvariantCulture) is >= 1 and <= 12;

    // YYMM.NNNN (2007–2014) or YYMM.NNNNN (2015 on), optional vN.
    [GeneratedRegex(@"^(?<id>\d{4}\.\d{4,5})(v(?<v>\d{1,3}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex NewStyle();

    // archive(.SUBJ)?/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136, optional vN.
    [GeneratedRegex(@"^(?<arch>[a-zA-Z]+(-[a-zA-Z]+)?)(\.[A-Za-z]{2})?/(?<num>\d{7})(v(?<v>\d{1,3}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex OldStyle();

    [GeneratedRegex(@"^(https?://)?(www\.|export\.)?arxiv\.org/(abs|pdf|html)/", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPrefix();
}
