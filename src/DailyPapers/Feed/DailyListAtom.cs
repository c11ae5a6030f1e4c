using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using DailyPapers.Papers;

namespace DailyPapers.Feed;

/// <summary>
/// Writes papers as an Atom 1.0 feed that standard feed readers take, in the order given: a list, a collection,
/// trending papers, search results. Each entry's updated time is its <see cref="DailyEntry.SubmittedAt"/>.
/// </summary>
public static class DailyListAtom
{
    public const string ContentType = "application/atom+xml; charset=utf-8";

    private const string ListDescription = "Research papers on the DailyPapers list, ranked by upvotes.";

    public static byte[] Write(
        string title, string selfUrl, string htmlUrl, IReadOnlyList<DailyEntry> entries, string baseUrl, DateTime now, string description = ListDescription)
    {
        var feed = new SyndicationFeed(Xml(title), Xml(description), new Uri(htmlUrl))
        {
            Id = selfUrl,
            LastUpdatedTime = entries.Count == 0 ? now : entries.Max(e => e.SubmittedAt),
            Generator = "DailyPapers",
        };
        feed.Links.Add(new SyndicationLink(new Uri(selfUrl), "self", Xml(title), ContentType, 0));
        feed.Items = entries.Select(e => Item(e, baseUrl)).ToList();

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }
        return stream.ToArray();
    }

    private static SyndicationItem Item(DailyEntry e, string baseUrl)
    {
        var p = e.Paper;
        var url = $"{baseUrl}/papers/{p.ArxivId}";
        var item = new SyndicationItem(Xml(PaperText.Display(p.Title)), Xml(PaperText.Display(p.Abstract)), new Uri(url), url, e.SubmittedAt)
        {
            PublishDate = p.PublishedAt,
        };
        foreach (var author in p.Authors)
        {
            item.Authors.Add(new SyndicationPerson { Name = Xml(author.Name) });
        }
        foreach (var category in p.Categories)
        {
            item.Categories.Add(new SyndicationCategory(Xml(category)));
        }
        item.Links.Add(new SyndicationLink(new Uri($"https://arxiv.org/pdf/{p.ArxivId}"), "related", "PDF", "application/pdf", 0));
        return item;
    }

    /// <summary>Drops characters XML 1.0 cannot carry (control characters from a hostile or broken source).</summary>
    private static string Xml(string s)
    {
        if (s.All(XmlConvert.IsXmlChar))
        {
            return s;
        }
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (XmlConvert.IsXmlChar(s[i]))
            {
                sb.Append(s[i]);
            }
            else if (i + 1 < s.Length && XmlConvert.IsXmlSurrogatePair(s[i + 1], s[i]))
            {
                sb.Append(s, i, 2);
                i++;
            }
        }
        return sb.ToString();
    }
}
