using DailyPapers.Search.Hybrid;

namespace DailyPapers.Search.Eval;

/// <summary>
/// Everything one evaluation ran: the judged queries of a BEIR split (when the corpus has them) and each half
/// of each generated set, with their rankings, so any fusion setting can be scored without searching again.
/// </summary>
public sealed class EvaluationRuns
{
    private readonly (RankedQueries Runs, IReadOnlyList<IReadOnlyDictionary<string, int>> Judged)? _judged;
    private readonly List<(string Set, string Half, RankedQueries Runs, IReadOnlyList<IReadOnlyList<string>> Targets)> _sets = [];

    private EvaluationRuns((RankedQueries, IReadOnlyList<IReadOnlyDictionary<string, int>>)? judged) => _judged = judged;

    public int JudgedCount => _judged?.Runs.Count ?? 0;

    /// <summary>Runs the judged queries (if any) and every generated set's train and test halves.</summary>
    public static EvaluationRuns Run(SearchEvaluation evaluation, BeirFolder? beir, IReadOnlyList<QuerySet> sets)
    {
        (RankedQueries, IReadOnlyList<IReadOnlyDictionary<string, int>>)? judged = null;
        if (beir is not null && beir.Queries.Count > 0)
        {
            var ordered = beir.Queries.OrderBy(q => q.Key, StringComparer.Ordinal).ToList();
            judged = (evaluation.Run(ordered.Select(q => q.Value)), ordered.Select(q => beir.Judgements[q.Key]).ToList());
        }
        var runs = new EvaluationRuns(judged);
        foreach (var set in sets)
        {
            foreach (var (half, train) in new[] { ("train", true), ("test", false) })
            {
                var queries = set.Queries.Where(q => q.Train == train).ToList();
                if (queries.Count > 0)
                {
                    runs._sets.Add((set.Name, half, evaluation.Run(queries.Select(q => q.Text)), queries.Select(q => q.Targets).ToList()));
                }
            }
        }
        return runs;
    }

    public EvaluationReport Report(FusionOptions fusion, string? onlyHalf = null)
    {
        MethodScores? keyword = null, vector = null, hybrid = null;
        if (_judged is { } j)
        {
            keyword = RetrievalMetrics.Average(j.Runs.Keyword().Zip(j.Judged));
            vector = RetrievalMetrics.Average(j.Runs.Vector().Zip(j.Judged));
            hybrid = RetrievalMetrics.Average(j.Runs.Hybrid(fusion).Zip(j.Judged));
        }
        var sets = _sets.Where(s => onlyHalf is null || s.Half == onlyHalf).Select(s => new SetReport(
            s.Set, s.Half, s.Runs.Count,
            KnownItemScores.Average(s.Runs.Keyword().Zip(s.Targets)),
            KnownItemScores.Average(s.Runs.Vector().Zip(s.Targets)),
            KnownItemScores.Average(s.Runs.Hybrid(fusion).Zip(s.Targets)))).ToList();
        return new EvaluationReport(keyword, vector, hybrid, sets);
    }
}
