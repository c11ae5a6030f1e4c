using System.Globalization;
using System.Text;

namespace DailyPapers.Papers;

/// <summary>A BibTeX entry in the form arXiv's own "Export BibTeX citation" gives.</summary>
public static class PaperBibTex
{
    public static string For(Paper p)
    {
        var year = p.PublishedAt.Year.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append("@misc{").Append(Key(p)).AppendLine(",");
        Field(sb, "title", SourceText.Collapse(p.Title));
        Field(sb, "author", string.Join(" and ", p.Authors.Select(a => a.Name)));
        Field(sb, "year", year);
        Field(sb, "eprint", p.ArxivId);
        Field(sb, "archivePrefix", "arXiv");
        if (p.PrimaryCategory is { } primary)
        {
            Field(sb, "primaryClass", primary);
        }
        if (p.Doi is { } doi)
        {
            Field(sb, "doi", doi);
        }
        Field(sb, "url", $"https://arxiv.org/abs/{p.ArxivId}");
        sb.Append('}');
        return sb.ToString();
    }

    /// <summary>firstauthorlastname + year + first long word of the title, ASCII letters only: <c>kumar2023grokking</c>.</summary>
    public static string Key(Paper p)
    {
        var last = p.Authors.Count > 0 ? p.Authors[0].Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "" : "";
        var word = SourceText.Collapse(p.Title).Split(' ').Select(Ascii).FirstOrDefault(w => w.Length > 3 && !StopWords.Contains(w)) ?? "";
        var key = Ascii(last) + p.PublishedAt.Year.ToString(CultureInfo.InvariantCulture) + word;
        return key.Length > 4 ? key : "arxiv" + p.ArxivId.Replace('/', '_');
    }

    private static readonly HashSet<string> StopWords = ["with", "from", "that", "this", "into", "over", "under", "towards", "toward", "when", "what", "their"];

    private static string Ascii(string s)
    {
        var normalized = s.Normalize(NormalizationForm.FormD);
        return new string(normalized.Where(char.IsAsciiLetter).Select(char.ToLowerInvariant).ToArray());
    }

    // Braces keep BibTeX from re-casing; a stray brace in the source must not end the field early.
    private static void Field(StringBuilder sb, string name, string value)
    {
        var depth = 0;
        var safe = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                if (depth == 0)
                {
                    continue;
                }
                depth--;
            }
            safe.Append(c);
        }
        safe.Append('}', depth);
        sb.Append("  ").Append(name).Append("={").Append(safe).AppendLine("},");
    }
}
