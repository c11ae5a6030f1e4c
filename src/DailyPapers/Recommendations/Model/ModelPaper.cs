namespace DailyPapers.Recommendations.Model;

/// <summary>A paper as the model reads it: its facts and its embedding (null when it has none yet).</summary>
public sealed record ModelPaper(PaperFacts Facts, float[]? Vector)
{
    private IReadOnlyDictionary<string, int>? _terms;

    public string ArxivId => Facts.ArxivId;

    /// <summary>The words and word pairs of its title and abstract with their counts, counted once (<see cref="PaperTerms"/>).</summary>
    public IReadOnlyDictionary<string, int> Terms => _terms ??= PaperTerms.Count(Facts.Title + " " + Facts.Abstract);
}
