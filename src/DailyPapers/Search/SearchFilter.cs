namespace DailyPapers.Search;

/// <summary>Restrictions a reader can put on results besides the query: one arXiv category and a date range.</summary>
public sealed record SearchFilter
{
    public static readonly SearchFilter None = new();

    /// <summary>An arXiv category such as <c>cs.CL</c>, or an archive such as <c>cs</c> (all of its categories).</summary>
    public string? Category { get; init; }

    /// <summary>First arXiv date included.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last arXiv date included.</summary>
    public DateOnly? To { get; init; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Category) && From is null && To is null;

    /// <summary>Whether a paper with these facts passes, for results that do not come from the keyword index.</summary>
    public bool Allows(int publishedDay, IReadOnlyList<string> categories)
    {
        if (From is { } from && publishedDay < from.DayNumber)
        {
            return false;
        }
        if (To is { } to && publishedDay > to.DayNumber)
        {
            return false;
        }
        return string.IsNullOrWhiteSpace(Category) || categories.Any(c => CategoryMatches(c, Category));
    }

    /// <summary><c>cs.CL</c> matches <c>cs.CL</c>; <c>cs</c> matches every <c>cs.*</c> category too.</summary>
    public static bool CategoryMatches(string category, string wanted)
    {
        wanted = wanted.Trim();
        return category.Equals(wanted, StringComparison.OrdinalIgnoreCase)
            || (category.Length > wanted.Length && category[wanted.Length] == '.'
                && category.StartsWith(wanted, StringComparison.OrdinalIgnoreCase));
    }
}
