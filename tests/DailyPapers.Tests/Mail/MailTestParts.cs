using DailyPapers.Mail;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DailyPapers.Tests.Mail;

/// <summary>Messages and transports for the mail tests.</summary>
internal static class MailTestParts
{
    public static readonly MailComposer Composer =
        new(Options.Create(new MailOptions { From = "DailyPapers <papers@example.org>" }), TimeProvider.System);

    public static MimeMessage Digest(string to, int n = 1) => Composer.Compose(new OutgoingMail
    {
        To = to,
        Subject = $"Trending papers #{n}",
        Text = $"Paper {n}: plain text part",
        Html = $"<p>Paper <b>{n}</b>: HTML part</p>",
        Headers =
        [
            new("List-Unsubscribe", $"<https://papers.example.org/unsubscribe/token-{n}>"),
            new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ],
    });

    public static SmtpMailTransport Smtp(SmtpReceiver receiver, Action<SmtpOptions>? configure = null)
    {
        var options = new SmtpOptions { Host = receiver.Host, Port = receiver.Port, UseTls = false, RetryDelay = TimeSpan.FromMilliseconds(20) };
        configure?.Invoke(options);
        return new SmtpMailTransport(options, TimeProvider.System, NullLogger<SmtpMailTransport>.Instance);
    }
}
