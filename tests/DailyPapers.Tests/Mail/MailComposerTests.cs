using DailyPapers.Mail;
using MimeKit;

namespace DailyPapers.Tests.Mail;

public sealed class MailComposerTests
{
    [Fact]
    public void A_message_has_text_then_HTML_alternatives_the_sender_and_its_own_headers()
    {
        var message = MailTestParts.Digest("reader@example.org", 7);

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal("Paper 7: plain text part", message.TextBody?.Trim());
        Assert.Contains("<b>7</b>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("papers@example.org", message.From.Mailboxes.Single().Address);
        Assert.Equal("reader@example.org", message.To.Mailboxes.Single().Address);
        Assert.EndsWith("@example.org", message.MessageId, StringComparison.Ordinal);
        Assert.Equal("<https://papers.example.org/unsubscribe/token-7>", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
    }

    [Fact]
    public void A_message_without_HTML_is_plain_text()
    {
        var message = MailTestParts.Composer.Compose(new OutgoingMail { To = "r@example.org", Subject = "Hi", Text = "Just text" });

        Assert.IsType<TextPart>(message.Body);
        Assert.Null(message.HtmlBody);
    }
}
