using System.Net;
using DailyPapers.Mail;

namespace DailyPapers.Community.Accounts;

/// <summary>The message with a sign-in link: plain text and a simple HTML part with inline styles and no script.</summary>
public static class SignInMail
{
    public static OutgoingMail Build(string email, string link, TimeSpan lifetime, string siteName)
    {
        var minutes = (int)Math.Round(lifetime.TotalMinutes);
        var text = $"""
            Hello,

            Open this link to sign in to {siteName} as {email}:

            {link}

            The link works once and expires in {minutes} minutes. If you did not ask for it, ignore this mail:
            nobody can sign in without the link.
            """;
        var e = (string s) => WebUtility.HtmlEncode(s);
        var html = $"""
            <!DOCTYPE html>
            <html><body style="margin:0;padding:24px;background:#f6f7fb;font-family:Arial,Helvetica,sans-serif;color:#14213d">
            <div style="max-width:520px;margin:0 auto;background:#ffffff;border:1px solid #d9deea;border-radius:12px;padding:24px">
            <p style="margin:0 0 16px">Hello,</p>
            <p style="margin:0 0 20px">Open this link to sign in to {e(siteName)} as <strong>{e(email)}</strong>:</p>
            <p style="margin:0 0 20px"><a href="{e(link)}" style="display:inline-block;padding:10px 18px;border-radius:8px;background:#1f4fd1;color:#ffffff;text-decoration:none;font-weight:bold">Sign in to {e(siteName)}</a></p>
            <p style="margin:0 0 8px;font-size:13px;color:#4a5670">Or paste this address into your browser: {e(link)}</p>
            <p style="margin:0;font-size:13px;color:#4a5670">The link works once and expires in {minutes} minutes. If you did not ask for it, ignore this mail: nobody can sign in without the link.</p>
            </div></body></html>
            """;
        return new OutgoingMail { To = email, Subject = $"Your sign-in link for {siteName}", Text = text, Html = html };
    }
}
