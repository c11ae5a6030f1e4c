using System.Globalization;

namespace DailyPapers.Feed;

/// <summary>How the list APIs read their query parameters.</summary>
internal static class QueryParameters
{
    /// <summary>
    /// A whole number from <paramref name="min"/> to <paramref name="max"/> written plainly, or <paramref name="fallback"/> when
    /// absent; anything else adds <paramref name="message"/> under <paramref name="name"/> to <paramref name="errors"/>.
    /// </summary>
    public static int Number(string? s, int fallback, int min, int max, string name, string message, Dictionary<string, string[]> errors)
    {
        if (s is null)
        {
            return fallback;
        }
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max)
        {
            return v;
        }
        errors[name] = [message];
        return fallback;
    }
}
