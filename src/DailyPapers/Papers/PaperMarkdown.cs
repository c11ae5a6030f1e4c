using System.Globalization;
using System.Text;

namespace DailyPapers.Papers;

/// <summary>The paper as Markdown (<c>GET /papers/{id}.md</c>), for people and tools that read text.</summary>
public static class PaperMarkdown
{
    public const string ContentType = "text/markdown; charset=utf-8";

    public static string For(Paper p, string baseUrl)
    {
        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(Escape(SourceText.Collapse(p.Title))).AppendLine();
        sb.Append("**Authors:** ").AppendLine(Escape(string.Join(", ", p.Authors.Select(a => a.Name)))).AppendLine();
        sb.Append("**arXiv:** [").Append(p.ArxivId).Append("](https://arxiv.org/abs/").Append(p.ArxivId).Append(") · [PDF](https://arxiv.org/pdf/")
            .Append(p.ArxivId).AppendLine(")  ");
        sb.Append("**Published:** ").Append(Day(p.PublishedAt));
        if (p.LatestVersion > 1)
        {
            sb.Append(" · **Latest:** v").Append(p.LatestVersion).Append(", ").Append(Day(p.UpdatedAt));
        }
        sb.AppendLine("  ");
        if (p.Categories.Count > 0)
        {
            sb.Append("**Categories:** ").AppendLine(string.Join(", ", p.Categories) + "  ");
        }
        if (p.Comments is { } comments)
        {
            sb.Append("**Comments:** ").AppendLine(Escape(SourceText.Collapse(comments)) + "  ");
        }
        if (p.JournalRef is { } journal)
        {
            sb.Append("**Journal reference:** ").AppendLine(Escape(SourceText.Collapse(journal)) + "  ");
        }
        if (p.Doi is { } doi)
        {
            sb.Append("**DOI:** [").Append(doi).Append("](https://doi.org/").Append(doi).AppendLine(")  ");
        }
        sb.Append("**Upvotes:** ").Append(p.Upvotes.ToString(CultureInfo.InvariantCulture)).AppendLine("  ");
        sb.Append("**Page:** ").Append(baseUrl).Append("/papers/").AppendLine(p.ArxivId).AppendLine();
        sb.AppendLine("## Abstract").AppendLine();
        foreach (var paragraph in PaperText.Paragraphs(p.Abstract))
        {
            sb.AppendLine(Escape(paragraph)).AppendLine();
        }
        sb.AppendLine("## BibTeX").AppendLine().AppendLine("```bibtex").AppendLine(PaperBibTex.For(p)).AppendLine("```");
        return sb.ToString();
    }

    private static string Day(DateTime t) => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Markdown that could turn into a link, image or HTML in a renderer is escaped; the text stays readable.
    private static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (var c in s)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|' or '!')
            {
                sb.Append('\\');
            }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
