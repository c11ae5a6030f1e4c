using System.Net;
using DailyPapers.Mail;

namespace DailyPapers.Digest.Subscriptions;

/// <summary>The two mails of subscribing: the confirmation link, and a note to an address that is already subscribed.</summary>
public static class SubscriptionMail
{
    public static OutgoingMail Confirmation(string email, Subscription s, string link, TimeSpan lifetime, string siteName)
    {
        var what = Describe(s);
        var days = (int)Math.Round(lifetime.TotalDays);
        var text = $"""
            Hello,

            Someone (we hope you) asked to receive {what} from {siteName} at {email}.

            To start them, open this link and press "Confirm":

            {link}

            The link works for {days} days. If you did not ask for this, ignore this mail: nothing will be sent.
            """;
        var html = Wrap($"""
            <p style="margin:0 0 16px">Hello,</p>
            <p style="margin:0 0 16px">Someone (we hope you) asked to receive <strong>{E(what)}</strong> from {E(siteName)} at <strong>{E(email)}</strong>.</p>
            <p style="margin:0 0 20px"><a href="{E(link)}" style="display:inline-block;padding:10px 18px;border-radius:8px;background:#1f4fd1;color:#ffffff;text-decoration:none;font-weight:bold">Confirm my subscription</a></p>
            <p style="margin:0 0 8px;font-size:13px;color:#4a5670">Or paste this address into your browser: {E(link)}</p>
            <p style="margin:0;font-size:13px;color:#4a5670">The link works for {days} days. If you did not ask for this, ignore this mail: nothing will be sent.</p>
            """);
        return new OutgoingMail { To = email, Subject = $"Confirm your {siteName} digest subscription", Text = text, Html = html };
    }

    public static OutgoingMail AlreadySubscribed(string email, Subscription s, string manageLink, string siteName)
    {
        var what = Describe(s);
        var text = $"""
            Hello,

            Someone (we hope you) asked to subscribe {email} to {siteName} digests. This address already receives {what}.

            To change how often, your topics, or to unsubscribe, open:

            {manageLink}
            """;
        var html = Wrap($"""
            <p style="margin:0 0 16px">Hello,</p>
            <p style="margin:0 0 16px">Someone (we hope you) asked to subscribe <strong>{E(email)}</strong> to {E(siteName)} digests. This address already receives <strong>{E(what)}</strong>.</p>
            <p style="margin:0"><a href="{E(manageLink)}" style="color:#1f4fd1">Change how often, your topics, or unsubscribe</a></p>
            """);
        return new OutgoingMail { To = email, Subject = $"You are already subscribed to {siteName}", Text = text, Html = html };
    }

    /// <summary>"the daily digest (weekdays) with 2 topics and personal picks".</summary>
    public static string Describe(Subscription s)
    {
        var what = s.Frequency == DigestFrequency.Daily ? "the daily digest of trending papers (weekdays)" : "the weekly digest of trending papers";
        var extras = new List<string>();
        if (s.Topics.Count > 0)
        {
            extras.Add(s.Topics.Count == 1 ? $"the topic “{s.Topics[0]}”" : $"{s.Topics.Count} topics");
        }
        if (s.ForYou)
        {
            extras.Add("personal picks");
        }
        return extras.Count == 0 ? what : $"{what} with {string.Join(" and ", extras)}";
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string Wrap(string body) => $"""
        <!DOCTYPE html>
        <html><body style="margin:0;padding:24px;background:#f6f7fb;font-family:Arial,Helvetica,sans-serif;color:#14213d">
        <div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #d9deea;border-radius:12px;padding:24px">
        {body}
        </div></body></html>
        """;
}
