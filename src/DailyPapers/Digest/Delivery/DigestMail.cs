using System.Globalization;
using System.Net;
using System.Text;
using DailyPapers.Digest.Assembly;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Mail;
using DailyPapers.Papers;

namespace DailyPapers.Digest.Delivery;

/// <summary>The links every digest carries: the paper pages' base, manage, one-click unsubscribe, and view in browser.</summary>
public sealed record DigestMailLinks(string BaseUrl, string Manage, string Unsubscribe, string View)
{
    /// <summary>The links of one digest: <paramref name="viewId"/> is its outbox row (null for a preview, which has none: it links the manage page).</summary>
    public static DigestMailLinks For(string baseUrl, Func<LinkPurpose, long, string> sign, long subscriptionId, long? viewId) => new(baseUrl,
        $"{baseUrl}/digest/manage/{sign(LinkPurpose.Manage, subscriptionId)}",
        $"{baseUrl}/unsubscribe/{sign(LinkPurpose.Unsubscribe, subscriptionId)}",
        viewId is { } id ? $"{baseUrl}/digest/view/{sign(LinkPurpose.View, id)}" : $"{baseUrl}/digest/manage/{sign(LinkPurpose.Manage, subscriptionId)}");
}

/// <summary>
/// A paper's parts of a digest, rendered once per run and shared by every digest that holds it (LaTeX to Unicode,
/// the abstract cut, HTML encoding): the text and HTML before and after the per-reader "because you liked" line.
/// </summary>
public sealed record DigestPaperBlock(Paper Paper, string Title, string TextHead, string TextTail, string HtmlHead, string HtmlTail);

/// <summary>A paper as a digest shows it, with the reader's paper that made it a personal pick.</summary>
public sealed record DigestMailItem(DigestItem Item, DigestPaperBlock Paper, DigestPaperBlock? Liked);

/// <summary>
/// Renders a digest as mail: a plain-text part and an HTML part that mail clients show well (a table layout with
/// inline styles, no scripts, no external images), with RFC 8058 one-click unsubscribe headers and a Message-ID
/// that stays the same if the digest is ever sent again.
/// </summary>
public static class DigestMail
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Renders a paper's parts of a digest (once per run: every digest holding it shares them).</summary>
    public static DigestPaperBlock Block(Paper paper, string baseUrl, int abstractLength)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var title = PaperText.Display(paper.Title);
        var url = $"{baseUrl}/papers/{paper.ArxivId}";
        var authors = Authors(paper);
        var date = paper.PublishedAt.ToString("MMM d, yyyy", Inv);
        var snippet = PaperText.Snippet(paper.Abstract, abstractLength);
        var textHead = string.Create(Inv, $"\n* {title}\n  {url}\n  {authors} · {date} · {paper.Upvotes} upvotes\n");
        var textTail = $"  {snippet}\n";
        var htmlHead =
            $"""<tr><td style="padding:12px 24px;border-bottom:1px solid #eef0f6"><table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td width="52" valign="top" style="padding-right:12px"><div style="border:1px solid #d9deea;border-radius:8px;text-align:center;padding:6px 0;font-size:12px;color:#4a5670">&#9650;<br><strong style="font-size:15px;color:#14213d">{paper.Upvotes.ToString(Inv)}</strong></div></td>""" + "\n" + $"""<td valign="top"><a href="{E(url)}" style="font-size:16px;font-weight:bold;color:#14213d;text-decoration:none">{E(title)}</a>""" + "\n" + $"""<div style="margin:4px 0;font-size:13px;color:#4a5670">{E(authors)} · {E(date)}</div>""";
        var htmlTail = $"""<p style="margin:6px 0 0;font-size:14px;line-height:1.45">{E(snippet)}</p></td></tr></table></td></tr>""" + "\n";
        return new DigestPaperBlock(paper, title, textHead, textTail, htmlHead, htmlTail);
    }

    public static OutgoingMail Build(string email, DigestPeriod period, IReadOnlyList<DigestMailItem> items, DigestMailLinks links,
        string siteName, string messageId)
    {
        var subject = Subject(period, siteName);
        return new OutgoingMail
        {
            To = email,
            Subject = subject,
            Text = Text(period, items, links, siteName),
            Html = Html(subject, items, links, siteName),
            MessageId = messageId,
            Headers =
            [
                new("List-Unsubscribe", $"<{links.Unsubscribe}>"),
                new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                new("List-Id", $"{siteName} {PeriodName(period)} digest <{period.Frequency.ToString().ToLowerInvariant()}.digest.{Host(links.BaseUrl)}>"),
                new("Auto-Submitted", "auto-generated"),
            ],
        };
    }

    public static string Subject(DigestPeriod period, string siteName) => period.Frequency == DigestFrequency.Daily
        ? $"{siteName}: trending papers for {period.SendDate.ToString("dddd, MMMM d", Inv)}"
        : $"{siteName}: the week's trending papers ({period.From.ToString("MMM d", Inv)} – {period.To.ToString("MMM d", Inv)})";

    public static string SectionTitle(DigestSection section, string? reason) => section switch
    {
        DigestSection.Trending => "Trending",
        DigestSection.Topic => $"On your topic “{reason}”",
        _ => "For you",
    };

    /// <summary>"Ada Lovelace, Alan Turing, Grace Hopper and 9 more · 12 authors".</summary>
    public static string Authors(Paper p)
    {
        var n = p.Authors.Count;
        var names = string.Join(", ", p.Authors.Take(3).Select(a => a.Name));
        return n switch
        {
            0 => "",
            1 => names,
            <= 3 => $"{names} · {n} authors",
            _ => $"{names} and {n - 3} more · {n} authors",
        };
    }

    private static string PeriodName(DigestPeriod period) => period.Frequency == DigestFrequency.Daily ? "daily" : "weekly";

    private static string Host(string baseUrl) => Uri.TryCreate(baseUrl, UriKind.Absolute, out var u) ? u.Host : "localhost";

    private static string Text(DigestPeriod period, IReadOnlyList<DigestMailItem> items, DigestMailLinks links, string siteName)
    {
        var sb = new StringBuilder();
        sb.Append(Inv, $"{Subject(period, siteName)}\n\nView in a browser: {links.View}\n");
        string? heading = null;
        foreach (var (item, paper, liked) in items)
        {
            var title = SectionTitle(item.Section, item.Reason);
            if (title != heading)
            {
                heading = title;
                sb.Append(Inv, $"\n== {title} ==\n");
            }
            sb.Append(paper.TextHead);
            if (liked is not null)
            {
                sb.Append("  Because you liked: ").Append(liked.Title).Append('\n');
            }
            sb.Append(paper.TextTail);
        }
        sb.Append(Inv, $"\n--\nYou get this because you subscribed to {siteName} digests.\nChange frequency or topics, or pause: {links.Manage}\nUnsubscribe: {links.Unsubscribe}\n");
        return sb.ToString();
    }

    private static string Html(string subject, IReadOnlyList<DigestMailItem> items, DigestMailLinks links, string siteName)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder(4096 + items.Sum(i => i.Paper.HtmlHead.Length + i.Paper.HtmlTail.Length + 200));
        sb.Append(Inv, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(subject)}</title></head>
            <body style="margin:0;padding:0;background:#f6f7fb;font-family:Arial,Helvetica,sans-serif;color:#14213d">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f6f7fb"><tr><td align="center" style="padding:24px 12px">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:640px;background:#ffffff;border:1px solid #d9deea;border-radius:12px">
            <tr><td style="padding:20px 24px 8px"><div style="font-size:13px;color:#4a5670">{E(siteName)} · <a href="{E(links.View)}" style="color:#1f4fd1">View in browser</a></div>
            <h1 style="margin:8px 0 0;font-size:22px;line-height:1.3">{E(subject)}</h1></td></tr>
            """);
        string? heading = null;
        foreach (var (item, paper, liked) in items)
        {
            var title = SectionTitle(item.Section, item.Reason);
            if (title != heading)
            {
                heading = title;
                sb.Append(Inv, $"""<tr><td style="padding:20px 24px 0"><h2 style="margin:0;font-size:16px;color:#1f4fd1;text-transform:none">{E(title)}</h2></td></tr>""");
            }
            sb.Append(paper.HtmlHead);
            if (liked is not null)
            {
                sb.Append(Inv, $"""<div style="margin:4px 0;font-size:13px;color:#4a5670">Because you liked <a href="{E($"{links.BaseUrl}/papers/{liked.Paper.ArxivId}")}" style="color:#1f4fd1">{E(liked.Title)}</a></div>""").Append('\n');
            }
            sb.Append(paper.HtmlTail);
        }
        sb.Append(Inv, $"""
            <tr><td style="padding:16px 24px 20px;font-size:12px;color:#4a5670">You get this because you subscribed to {E(siteName)} digests.
            <a href="{E(links.Manage)}" style="color:#1f4fd1">Change frequency or topics, or pause</a> ·
            <a href="{E(links.Unsubscribe)}" style="color:#1f4fd1">Unsubscribe</a></td></tr>
            </table></td></tr></table></body></html>
            """);
        return sb.ToString();
    }
}
