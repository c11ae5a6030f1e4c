namespace DailyPapers.Mail;

/// <summary>What became of one message.</summary>
public enum MailOutcome
{
    /// <summary>The relay accepted it (or it was written to the pickup folder).</summary>
    Sent,

    /// <summary>A permanent (5xx) refusal of the recipient address: mail to it will keep bouncing.</summary>
    RecipientRejected,

    /// <summary>A permanent (5xx) refusal of the sender or the message itself: not the recipient's fault.</summary>
    Rejected,

    /// <summary>Transient failures (4xx, lost connection, timeouts) on every try: try again later.</summary>
    Failed,
}

/// <summary>The report for one message: its outcome, how many tries it took, and the relay's last word.</summary>
public sealed record MailDelivery(MailOutcome Outcome, int Attempts, string? MessageId, int? SmtpStatus = null, string? Error = null)
{
    public bool Succeeded => Outcome == MailOutcome.Sent;
}
