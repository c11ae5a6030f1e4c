using MimeKit;

namespace DailyPapers.Mail;

/// <summary>
/// Where mail goes: an SMTP relay (<see cref="SmtpMailTransport"/>, when <c>Mail:Smtp:Host</c> is set) or the
/// pickup folder (<see cref="PickupDirectoryMailTransport"/>). Senders of many messages (the digest) open one
/// session and send through it; a single message can use <see cref="MailTransportExtensions.SendAsync"/>.
/// </summary>
public interface IMailTransport
{
    /// <summary>
    /// A session for sending many messages: over SMTP one connection, opened on the first message, reused for
    /// the rest, reopened when lost, and paced at <c>Mail:Smtp:MessagesPerSecond</c>. Not for concurrent use.
    /// </summary>
    IMailSession OpenSession();
}

/// <summary>A run of messages through one transport; dispose it to close the connection.</summary>
public interface IMailSession : IAsyncDisposable
{
    /// <summary>
    /// Sends one message, retrying transient failures with backoff. Failures to deliver come back in the
    /// <see cref="MailDelivery"/>, never as an exception; only cancellation throws.
    /// </summary>
    Task<MailDelivery> SendAsync(MimeMessage message, CancellationToken ct = default);
}
