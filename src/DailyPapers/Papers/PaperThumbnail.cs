using System.Security;
using System.Text;

namespace DailyPapers.Papers;

/// <summary>A 1200×630 social card for a paper (its title on a plain card), as Hugging Face's thumbnails are.</summary>
public static class PaperThumbnail
{
    public const string ContentType = "image/svg+xml; charset=utf-8";

    public static string Svg(Paper p)
    {
        var lines = Wrap(PaperText.Display(p.Title), 34).Take(5).ToList();
        var sb = new StringBuilder();
        sb.Append("""<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">""");
        sb.Append("""<rect width="1200" height="630" fill="#f5f7fb"/><rect x="40" y="40" width="1120" height="550" rx="24" fill="#fff" stroke="#d5dbe8"/>""");
        sb.Append("""<text font-family="DejaVu Sans, Arial, sans-serif" font-size="52" font-weight="700" fill="#14213d">""");
        for (var i = 0; i < lines.Count; i++)
        {
            sb.Append("<tspan x=\"90\" y=\"").Append(150 + (i * 68)).Append("\">").Append(SecurityElement.Escape(lines[i])).Append("</tspan>");
        }
        sb.Append("</text>");
        sb.Append("""<text x="90" y="540" font-family="DejaVu Sans, Arial, sans-serif" font-size="30" fill="#51607a">""")
            .Append(SecurityElement.Escape($"arXiv:{p.ArxivId} · {p.Authors.Count} authors · ▲ {p.Upvotes}")).Append("</text></svg>");
        return sb.ToString();
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + word.Length + 1 > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            line.Append(line.Length > 0 ? " " : "").Append(word.Length > width ? word[..width] : word);
        }
        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
