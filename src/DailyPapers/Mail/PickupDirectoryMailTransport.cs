using System.Globalization;
using MimeKit;

namespace DailyPapers.Mail;

/// <summary>
/// The transport when no SMTP relay is configured: each message becomes an <c>.eml</c> file in
/// <c>Mail:PickupDirectory</c> (any mail client opens it) and a log line, so a fresh install works without a
/// mail server. Files appear whole: written under a temporary name, then renamed.
/// </summary>
public sealed class PickupDirectoryMailTransport(
    string directory, TimeProvider clock, ILogger<PickupDirectoryMailTransport> logger, MailMetrics? metrics = null)
    : IMailTransport, IMailSession
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public IMailSession OpenSession() => this;

    public async Task<MailDelivery> SendAsync(MimeMessage message, CancellationToken ct = default)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture);
        var path = Path.Combine(Directory, $"{stamp}-{Guid.NewGuid():N}.eml");
        var temporary = path + ".tmp";
        // 7-bit transfer encodings: the file is valid for any tool that picks it up, whatever the text holds.
        message.Prepare(EncodingConstraint.SevenBit);
        await message.WriteToAsync(temporary, ct);
        File.Move(temporary, path);
        logger.LogInformation("Mail to {To} ({Subject}) written to {Path}", message.To.ToString(), message.Subject, path);
        var delivery = new MailDelivery(MailOutcome.Sent, 1, message.MessageId);
        metrics?.Delivered(delivery);
        return delivery;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
