namespace DailyPapers.Recommendations.Model;

/// <summary>A paper as the model reads it: its facts and its embedding (null when it has none yet).</summary>
public sealed record ModelPaper(PaperFacts Facts, float[]? Vector)
{
    public string ArxivId => Facts.ArxivId;
}
