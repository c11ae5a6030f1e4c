using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;

namespace DailyPapers.Search;

/// <summary>
/// The search capability's instruments (meter <see cref="MeterName"/>): how long a search takes on this node, and papers
/// embedded by this node. Exported as <c>dailypapers_search_duration_seconds</c> (histogram),
/// <c>dailypapers_search_stage_duration_seconds</c> (histogram by <c>stage</c>: where a search's time went) and
/// <c>dailypapers_embeddings_computed_total</c>; the backlog and the index lag are read from the database by Operations.
/// </summary>
public sealed class SearchMetrics
{
    public const string MeterName = "DailyPapers.Search";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _embedded;
    private readonly Histogram<double> _stage;

    /// <summary>The stages of a search timed apart (<c>stage</c> tag of <c>dailypapers.search.stage.duration</c>).</summary>
    public enum Stage
    {
        /// <summary>The keyword index's ranking (spelling suggestions included).</summary>
        Keyword,

        /// <summary>Waiting for the query's vector and nearest papers once the keyword ranking is done (they are found beside it for long queries).</summary>
        Vectors,

        /// <summary>Marking the query's words in the page's titles and snippets.</summary>
        Highlight,
    }

    private static readonly KeyValuePair<string, object?>[][] StageTags =
        Enum.GetValues<Stage>().Select(s => new[] { new KeyValuePair<string, object?>("stage", s.ToString().ToLowerInvariant()) }).ToArray();

    [SuppressMessage("Reliability", "CA2000", Justification = "The meter factory owns the meters it makes and disposes them with the container.")]
    public SearchMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _duration = meter.CreateHistogram("dailypapers.search.duration", "s", "Time to rank one search (keyword, vector and fusion) on this node.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _stage = meter.CreateHistogram("dailypapers.search.stage.duration", "s", "Time one stage of a search took on this node (keyword, vectors, highlight).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
        _embedded = meter.CreateCounter<long>("dailypapers.embeddings.computed", "{paper}", "Papers embedded by this node.");
    }

    public void Searched(TimeSpan elapsed) => _duration.Record(elapsed.TotalSeconds);

    public void Staged(Stage stage, TimeSpan elapsed) => _stage.Record(elapsed.TotalSeconds, StageTags[(int)stage]);

    public void Embedded(int papers) => _embedded.Add(papers);
}
