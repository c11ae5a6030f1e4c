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
    /// The topics in <paramref name="input"/>, trimmed, without blanks or repeats; false (with a message) when there are too many,
    /// or one is too long or holds a control character.
    /// </summary>
    public static bool TryParse(string? input, int maxTopics, out IReadOnlyList<string> topics, out string? error)
    {
        error = null;
        var list = new List<string>();
        foreach (var raw in (input ?? "").Split(['\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var topic = string.Join(' ', raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (topic.Length == 0 || list.Contains(topic, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            if (topic.Length > MaxLength)
            {
                error = $"A topic can be at most {MaxLength} characters long.";
            }
            error ??= ReaderText.ControlCharacterError(topic, "A topic");
            list.Add(topic);
        }
        if (error is null && list.Count > maxTopics)
        {
            error = $"At most {maxTopics} topics, please.";
        }
        topics = list;
        return error is null;
    }

    public static string Store(IEnumerable<string> topics) => string.Join('\n', topics);

    public static IReadOnlyList<string> Load(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The topics as the forms show them, one per line.</summary>
    public static string Format(IEnumerable<string> topics) => string.Join('\n', topics);
}
