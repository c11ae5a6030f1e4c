namespace DailyPapers.Digest.Assembly;

/// <summary>
/// A digest's papers as the outbox keeps them: one line per paper, "section TAB arxiv-id TAB reason". Topics cannot
/// hold tabs or line breaks (<see cref="Subscriptions.SubscriptionTopics"/> refuses control characters).
/// </summary>
public static class DigestItems
{
    public static string Encode(IEnumerable<DigestItem> items) =>
        string.Join('\n', items.Select(i => $"{i.Section.ToString().ToLowerInvariant()}\t{i.ArxivId}\t{Clean(i.Reason)}"));

    public static IReadOnlyList<DigestItem> Decode(string? text)
    {
        var items = new List<DigestItem>();
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t');
            if (parts.Length >= 2 && Enum.TryParse<DigestSection>(parts[0], ignoreCase: true, out var section))
            {
                items.Add(new DigestItem(parts[1], section, parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null));
            }
        }
        return items;
    }

    private static string Clean(string? reason) => reason is null ? "" : reason.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
