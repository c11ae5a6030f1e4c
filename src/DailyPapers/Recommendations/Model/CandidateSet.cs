namespace DailyPapers.Recommendations.Model;

/// <summary>A candidate ready for scoring: its vector placed in the model's space and its authors' name keys.</summary>
internal sealed record Candidate(PaperFacts Facts, float[]? Vector, string[] AuthorKeys);

/// <summary>
/// The papers to rank, prepared once and shared by every reader ranked over them (a day's new papers for thousands
/// of readers): vectors placed in the space, author names reduced to keys.
/// </summary>
public sealed class CandidateSet
{
    private CandidateSet(List<Candidate> items, PaperSpace space)
    {
        Items = items;
        Space = space;
    }

    internal IReadOnlyList<Candidate> Items { get; }

    public PaperSpace Space { get; }

    public int Count => Items.Count;

    public static CandidateSet Prepare(IEnumerable<ModelPaper> papers, PaperSpace space) => new(
        papers.DistinctBy(p => p.ArxivId, StringComparer.Ordinal)
            .Select(p => new Candidate(p.Facts, space.Place(p.Vector), p.Facts.Authors.Select(AuthorName.Key).Distinct(StringComparer.Ordinal).ToArray()))
            .ToList(),
        space);
}
