namespace DailyPapers.Mail;

/// <summary>A message to compose: one recipient, a subject, a plain-text body and, optionally, an HTML one.</summary>
public sealed record OutgoingMail
{
    public required string To { get; init; }

    /// <summary>The recipient's name for the To header, if known.</summary>
    public string? ToName { get; init; }

    public required string Subject { get; init; }

    /// <summary>The plain-text part; every message has one.</summary>
    public required string Text { get; init; }

    /// <summary>The HTML part (inline styles only, no scripts); with it the body is multipart/alternative.</summary>
    public string? Html { get; init; }

    /// <summary>Extra headers in order, e.g. <c>List-Unsubscribe</c> and <c>List-Unsubscribe-Post</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
