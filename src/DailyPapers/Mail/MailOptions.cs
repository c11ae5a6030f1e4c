namespace DailyPapers.Mail;

/// <summary>Settings bound from the <c>Mail</c> section.</summary>
public sealed class MailOptions
{
    /// <summary>The sender of every message, an address with an optional name: <c>DailyPapers &lt;papers@example.org&gt;</c>.</summary>
    public string From { get; set; } = "DailyPapers <noreply@localhost>";

    /// <summary>Where messages go as <c>.eml</c> files when <c>Mail:Smtp:Host</c> is empty (relative to the working folder).</summary>
    public string PickupDirectory { get; set; } = "data/mail";

    /// <summary>The SMTP relay; mail goes through it when its <see cref="SmtpOptions.Host"/> is set.</summary>
    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>Settings bound from <c>Mail:Smtp</c>.</summary>
public sealed class SmtpOptions
{
    /// <summary>The relay's host name; empty means "write to the pickup folder instead".</summary>
    public string? Host { get; set; }

    /// <summary>The relay's port: 587 (submission, STARTTLS), 465 (TLS from the start) or 25.</summary>
    public int Port { get; set; } = 587;

    /// <summary>Encrypt: TLS from the start on port 465, else a required STARTTLS; false sends in the clear (a local relay).</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>The user name to authenticate with; empty sends without authenticating.</summary>
    public string? User { get; set; }

    /// <summary>The password for <see cref="User"/>.</summary>
    public string? Password { get; set; }

    /// <summary>At most this many messages a second over one session; 0 sends as fast as the relay answers.</summary>
    public double MessagesPerSecond { get; set; }

    /// <summary>Tries per message, the first included, before a transient failure (4xx, lost connection) is reported.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The wait before the second try; it doubles for each later one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one SMTP command may take before the connection counts as lost.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
