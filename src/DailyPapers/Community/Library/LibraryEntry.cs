using DailyPapers.Papers;

namespace DailyPapers.Community.Library;

/// <summary>One entry of an imported library as read, before it is matched: what names the paper, or why it could not be read.</summary>
public sealed record LibraryEntry
{
    /// <summary>Longest title kept for matching and for the list of problems.</summary>
    public const int MaxTitleChars = 1_000;

    /// <summary>How the entry is named to the reader: its BibTeX key or RIS id and its line, or just the line.</summary>
    public required string Label { get; init; }

    /// <summary>The arXiv id without version, from any field that names one.</summary>
    public string? ArxivId { get; init; }

    /// <summary>A DOI that is not arXiv's own, in lower case.</summary>
    public string? Doi { get; init; }

    /// <summary>The title as written (LaTeX and all).</summary>
    public string? Title { get; init; }

    public int? Year { get; init; }

    /// <summary>Why the entry could not be read (it is malformed); null when it was read.</summary>
    public string? Error { get; init; }

    /// <summary>The label: a key (when there is one) with its line.</summary>
    public static string LabelOf(string? key, int line) =>
        string.IsNullOrWhiteSpace(key) ? $"line {line}" : $"{ImportText.Clean(key, 80)}, line {line}";

    /// <summary>An entry named by these identifiers and title, or by the first arXiv id or DOI in the text of <paramref name="more"/>.</summary>
    internal static LibraryEntry From(string label, string? title, int? year, IEnumerable<string?> identifiers, IEnumerable<string?> more)
    {
        string? arxivId = null, doi = null;
        foreach (var text in identifiers)
        {
            if (Identify(text) is { } found)
            {
                arxivId ??= found.ArxivId;
                doi ??= found.Doi;
            }
        }
        arxivId ??= more.Select(ArxivInText.Find).FirstOrDefault(id => id is not null);
        return new LibraryEntry
        {
            Label = label,
            ArxivId = arxivId,
            Doi = doi,
            Title = string.IsNullOrWhiteSpace(title) ? null : ImportText.Clean(title, MaxTitleChars),
            Year = year,
        };
    }

    /// <summary>An identifier field's value (an arXiv id, link or DOI, perhaps in LaTeX dress) as a paper identifier.</summary>
    internal static PaperIdentifier? Identify(string? value)
    {
        var text = ImportText.Unlatex(value);
        if (text.Length == 0)
        {
            return null;
        }
        // A field may hold several, separated by spaces, commas or semicolons: the first that reads counts.
        foreach (var token in text.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (PaperIdentifier.TryParse(token, out var id))
            {
                return id;
            }
            if (ArxivInText.Find(token) is { } arxivId)
            {
                return new PaperIdentifier(arxivId, null);
            }
        }
        return null;
    }
}
