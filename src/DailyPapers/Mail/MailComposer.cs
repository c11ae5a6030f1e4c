using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace DailyPapers.Mail;

/// <summary>Turns an <see cref="OutgoingMail"/> into a MIME message from <c>Mail:From</c>, dated by the injected clock.</summary>
public sealed class MailComposer(IOptions<MailOptions> options, TimeProvider clock)
{
    private readonly MailboxAddress _from = MailboxAddress.Parse(options.Value.From);

    public MailboxAddress From => _from;

    public MimeMessage Compose(OutgoingMail mail)
    {
        var message = new MimeMessage();
        message.From.Add(_from);
        message.To.Add(new MailboxAddress(mail.ToName ?? "", mail.To));
        message.Subject = mail.Subject;
        message.Date = clock.GetUtcNow();
        message.MessageId = mail.MessageId ?? MimeUtils.GenerateMessageId(_from.Domain);
        foreach (var (name, value) in mail.Headers)
        {
            message.Headers.Add(name, value);
        }
        // Text first, HTML last: a client shows the last alternative it can render.
        message.Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();
        return message;
    }
}
