using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;

namespace DailyPapers.Mail;

/// <summary>
/// The mail capability's instruments (meter <see cref="MeterName"/>): messages this process handed to the relay or the
/// pickup folder, and those it could not deliver, by <c>outcome</c> (<c>recipient_rejected</c>, <c>rejected</c>,
/// <c>failed</c>). Exported as <c>dailypapers_mail_sent_total</c> and <c>dailypapers_mail_failures_total</c>.
/// </summary>
public sealed class MailMetrics
{
    public const string MeterName = "DailyPapers.Mail";

    private readonly Counter<long> _sent;
    private readonly Counter<long> _failures;

    [SuppressMessage("Reliability", "CA2000", Justification = "The meter factory owns the meters it makes and disposes them with the container.")]
    public MailMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _sent = meter.CreateCounter<long>("dailypapers.mail.sent", "{message}", "Messages the relay accepted (or written to the pickup folder).");
        _failures = meter.CreateCounter<long>("dailypapers.mail.failures", "{message}", "Messages not delivered: refused for good or failed after every retry.");
    }

    public void Delivered(MailDelivery delivery)
    {
        if (delivery.Outcome == MailOutcome.Sent)
        {
            _sent.Add(1);
            return;
        }
        _failures.Add(1, new KeyValuePair<string, object?>("outcome", delivery.Outcome switch
        {
            MailOutcome.RecipientRejected => "recipient_rejected",
            MailOutcome.Rejected => "rejected",
            _ => "failed",
        }));
    }
}
