namespace DailyPapers.Mail;

/// <summary>The transport when <c>Mail:Smtp:Host</c> is set: MailKit over one reused connection per session.</summary>
public sealed class SmtpMailTransport(SmtpOptions options, TimeProvider clock, ILogger<SmtpMailTransport> logger, MailMetrics? metrics = null)
    : IMailTransport
{
    public SmtpOptions Options => options;

    public IMailSession OpenSession() => new SmtpMailSession(options, clock, logger, metrics);
}
