using System.Globalization;
using DailyPapers.Community;

namespace DailyPapers.Digest.Subscriptions;

/// <summary>
/// Topics are saved searches (<c>mean field</c>, <c>cat:cs.LG</c>), typed one per line or separated by semicolons.
/// Kept in one text column, one per line.
/// </summary>
public static class SubscriptionTopics
{
    public const int MaxLength = 200;

    /// <summary>
    /// The most characters the whole field may hold (the forms' <c>maxlength</c>). The anonymous /subscribe form
    /// takes up to the 4 MB form limit, so the length is checked before any parsing.
    /// </summary>
    public const int MaxInputLength = 4000;

    /// <summary>
    /// The topics in <paramref name="input"/>, trimmed, without blanks or repeats; false (with a message) when the
    /// field is too long, there are too many, or one is too long or holds a control character. Stops at the first
    /// topic past the cap, so the work is bounded by the cap, not by the input.
    /// </summary>
    public static bool TryParse(string? input, int maxTopics, out IReadOnlyList<string> topics, out string? error)
    {
        error = null;
        topics = [];
        if (input is { Length: > MaxInputLength })
        {
            error = string.Create(CultureInfo.InvariantCulture, $"The topics can be at most {MaxInputLength:N0} characters in all.");
            return false;
        }
        var list = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in (input ?? "").Split(['\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var topic = string.Join(' ', raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (topic.Length == 0 || !seen.Add(topic))
            {
                continue;
            }
            if (list.Count == maxTopics)
            {
                error ??= $"At most {maxTopics} topics, please.";
                return false;
            }
            error ??= topic.Length > MaxLength
                ? $"A topic can be at most {MaxLength} characters long."
                : ReaderText.ControlCharacterError(topic, "A topic");
            list.Add(topic);
        }
        topics = list;
        return error is null;
    }

    /// <summary>What a refused form shows again: the reader's text, cut to what the field can hold.</summary>
    public static string? ForForm(string? input) => input is { Length: > MaxInputLength } ? input[..MaxInputLength] : input;

    public static string Store(IEnumerable<string> topics) => string.Join('\n', topics);

    public static IReadOnlyList<string> Load(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The topics as the forms show them, one per line.</summary>
    public static string Format(IEnumerable<string> topics) => string.Join('\n', topics);
}
