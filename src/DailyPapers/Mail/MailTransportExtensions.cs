using MimeKit;

namespace DailyPapers.Mail;

public static class MailTransportExtensions
{
    /// <summary>Sends one message in a session of its own.</summary>
    public static async Task<MailDelivery> SendAsync(this IMailTransport transport, MimeMessage message, CancellationToken ct = default)
    {
        await using var session = transport.OpenSession();
        return await session.SendAsync(message, ct);
    }

    /// <summary>Sends the messages in order through one session (one SMTP connection) and reports each.</summary>
    public static async Task<IReadOnlyList<MailDelivery>> SendAllAsync(
        this IMailTransport transport, IEnumerable<MimeMessage> messages, CancellationToken ct = default)
    {
        var deliveries = new List<MailDelivery>();
        await using var session = transport.OpenSession();
        foreach (var message in messages)
        {
            deliveries.Add(await session.SendAsync(message, ct));
        }
        return deliveries;
    }
}
