using DailyPapers.Papers;

namespace DailyPapers.Feed.NewPapers;

/// <summary>The orders of a day's new papers that need nothing beyond the papers themselves.</summary>
public static class NewPaperOrder
{
    /// <summary>
    /// arXiv's listing order: the new submissions of the categories (primary category among them) before the
    /// cross-lists, each by arXiv id, which is the order arXiv gave them out in.
    /// </summary>
    public static IEnumerable<NewPaperRow> Arxiv(IEnumerable<NewPaperRow> rows, IReadOnlyList<string> categories) =>
        rows.OrderBy(r => IsNewSubmission(r, categories) ? 0 : 1).ThenBy(r => r.ArxivId, StringComparer.Ordinal);

    /// <summary>
    /// The community's order: most upvotes first; among equal votes, the papers readers of this site are most
    /// interested in (<paramref name="interest"/>, higher first, when there is a measure of it), then arXiv's order.
    /// </summary>
    public static IEnumerable<NewPaperRow> Community(
        IEnumerable<NewPaperRow> rows, IReadOnlyList<string> categories, IReadOnlyDictionary<string, double>? interest = null) =>
        rows.OrderByDescending(r => r.Upvotes)
            .ThenByDescending(r => interest?.GetValueOrDefault(r.ArxivId) ?? 0)
            .ThenBy(r => IsNewSubmission(r, categories) ? 0 : 1)
            .ThenBy(r => r.ArxivId, StringComparer.Ordinal);

    /// <summary>A paper whose primary category is one of these (all are, when there are none): not a cross-list here.</summary>
    private static bool IsNewSubmission(NewPaperRow row, IReadOnlyList<string> categories) =>
        categories.Count == 0 || (row.PrimaryCategory is { } primary && categories.Any(c => ArxivCategories.Covers(c, primary)));
}
