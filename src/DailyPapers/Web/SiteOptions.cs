namespace DailyPapers.Web;

/// <summary>Settings bound from the <c>Site</c> section.</summary>
public sealed class SiteOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// The public address readers use (e.g. <c>https://papers.example.org</c>): every absolute link (mail, feeds, API)
    /// and the allowed Host names come from it. Required unless the site listens on loopback only (the demo).
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>The site's name in page titles and feeds.</summary>
    public string Name { get; set; } = "DailyPapers";
}
