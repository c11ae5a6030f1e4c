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

    /// <summary>
    /// The Message-ID to use (without angle brackets); null makes a random one. A message that may be sent again
    /// after a failure keeps its id, so receivers can tell a repeat from a new message.
    /// </summary>
    public string? MessageId { get; init; }

    /// <summary>Extra headers in order, e.g. <c>List-Unsubscribe</c> and <c>List-Unsubscribe-Post</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
