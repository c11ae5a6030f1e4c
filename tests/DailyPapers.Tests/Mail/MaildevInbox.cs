using System.Net.Http.Json;
using System.Text.Json.Serialization;
using MimeKit;

namespace DailyPapers.Tests.Mail;

/// <summary>Where a test reads the mail it caused: a receiver in the test process, or maildev started by test.sh.</summary>
public interface IInbox
{
    /// <summary>The app settings that send mail to this inbox.</summary>
    IReadOnlyDictionary<string, string?> Settings { get; }

    Task<IReadOnlyList<ReceivedMail>> MessagesAsync();
}

public static class InboxExtensions
{
    /// <summary>Waits until a message matching <paramref name="match"/> is there (10 s by default).</summary>
    public static async Task<ReceivedMail> WaitForAsync(this IInbox inbox, Func<ReceivedMail, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var messages = await inbox.MessagesAsync();
            if (messages.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching message arrived; {messages.Count} received.");
            }
            await Task.Delay(50);
        }
    }
}

/// <summary>The in-process receiver as an inbox.</summary>
public sealed class ReceiverInbox(SmtpReceiver receiver) : IInbox
{
    public IReadOnlyDictionary<string, string?> Settings => receiver.Settings;

    public Task<IReadOnlyList<ReceivedMail>> MessagesAsync() => Task.FromResult(receiver.Messages);
}

/// <summary>
/// The maildev process that test.sh starts (<c>DAILYPAPERS_TEST_SMTP</c>, <c>DAILYPAPERS_TEST_SMTP_API</c>): a real
/// SMTP server in its own process. Messages are read back through its REST API as raw source and parsed with
/// MimeKit. Shared by every test of the run, so tests pick their messages by unique recipient addresses.
/// </summary>
public sealed class MaildevInbox : IInbox, IDisposable
{
    private readonly HttpClient _http;
    private readonly string _host;
    private readonly string _port;

    private MaildevInbox(string smtp, string api)
    {
        var colon = smtp.LastIndexOf(':');
        _host = smtp[..colon];
        _port = smtp[(colon + 1)..];
        _http = new HttpClient { BaseAddress = new Uri(api) };
    }

    /// <summary>The maildev of this test run, or null when the tests run without test.sh.</summary>
    public static MaildevInbox? FromEnvironment() =>
        Environment.GetEnvironmentVariable("DAILYPAPERS_TEST_SMTP") is { Length: > 0 } smtp
        && Environment.GetEnvironmentVariable("DAILYPAPERS_TEST_SMTP_API") is { Length: > 0 } api
            ? new MaildevInbox(smtp, api)
            : null;

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:Smtp:Host"] = _host,
        ["Mail:Smtp:Port"] = _port,
        ["Mail:Smtp:UseTls"] = "false",
        ["Mail:Smtp:RetryDelay"] = "00:00:00.050",
    };

    public async Task<IReadOnlyList<ReceivedMail>> MessagesAsync()
    {
        var list = await _http.GetFromJsonAsync<List<Entry>>("/api/email") ?? [];
        var messages = new List<ReceivedMail>();
        foreach (var entry in list.OrderBy(e => e.Time))
        {
            await using var source = await _http.GetStreamAsync($"/api/email/{entry.Id}/source");
            var message = await MimeMessage.LoadAsync(source);
            var to = entry.Envelope?.To?.Select(t => t.Address).ToList() ?? message.To.Mailboxes.Select(m => m.Address).ToList();
            messages.Add(new ReceivedMail(message, entry.Envelope?.From?.Address ?? "", to, Guid.Empty));
        }
        return messages;
    }

    public void Dispose() => _http.Dispose();

    private sealed record Entry(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("time")] DateTime Time,
        [property: JsonPropertyName("envelope")] Envelope? Envelope);

    private sealed record Envelope(
        [property: JsonPropertyName("from")] Party? From,
        [property: JsonPropertyName("to")] List<Party>? To);

    private sealed record Party([property: JsonPropertyName("address")] string Address);
}
