using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;

namespace DailyPapers.Ingest;

/// <summary>
/// The ingest capability's instruments (meter <see cref="MeterName"/>): papers a harvest or an import stored, and records
/// it had to reject, by <c>source</c> (<c>oai</c>, <c>snapshot</c>). Exported as <c>dailypapers_papers_harvested_total</c> and
/// <c>dailypapers_papers_rejected_total</c> when metrics are on.
/// </summary>
public sealed class IngestMetrics
{
    public const string MeterName = "DailyPapers.Ingest";

    private readonly Counter<long> _harvested;
    private readonly Counter<long> _rejected;

    [SuppressMessage("Reliability", "CA2000", Justification = "The meter factory owns the meters it makes and disposes them with the container.")]
    public IngestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _harvested = meter.CreateCounter<long>("dailypapers.papers.harvested", "{paper}", "Papers stored by a harvest or an import (inserted, updated or unchanged).");
        _rejected = meter.CreateCounter<long>("dailypapers.papers.rejected", "{record}", "Records a harvest or an import could not read and skipped.");
    }

    public void Stored(string source, long papers, long rejected)
    {
        var tag = new KeyValuePair<string, object?>("source", source);
        if (papers > 0)
        {
            _harvested.Add(papers, tag);
        }
        if (rejected > 0)
        {
            _rejected.Add(rejected, tag);
        }
    }
}
