using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using DailyPapers.Digest.Delivery;
using DailyPapers.Search;

namespace DailyPapers.Operations;

/// <summary>
/// The figures that live in the database rather than in one process (meter <see cref="MeterName"/>): the embedding backlog,
/// this node's search index lag, and the digest outbox by status. A scrape of <c>/metrics</c> first calls
/// <see cref="RefreshAsync"/> (at most once a second), then the gauges report what it read. Exported as
/// <c>dailypapers_embeddings_backlog</c>, <c>dailypapers_search_index_lag</c> and <c>dailypapers_digest_outbox</c>.
/// </summary>
public sealed class OperationsMetrics : IDisposable
{
    public const string MeterName = "DailyPapers.Operations";
    private static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(1);

    private readonly SearchStatus _search;
    private readonly DigestOutbox _outbox;
    private readonly NodeName _node;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private Snapshot? _last;
    private long _refreshedAt;

    private sealed record Snapshot(SearchFigures Search, IReadOnlyDictionary<string, long> Outbox);

    [SuppressMessage("Reliability", "CA2000", Justification = "The meter factory owns the meters it makes and disposes them with the container.")]
    public OperationsMetrics(IMeterFactory meters, SearchStatus search, DigestOutbox outbox, NodeName node, TimeProvider clock)
    {
        _search = search;
        _outbox = outbox;
        _node = node;
        _clock = clock;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("dailypapers.embeddings.backlog", () => _last is { } s ? [new Measurement<long>(s.Search.EmbeddingBacklog)] : Array.Empty<Measurement<long>>(),
            "{paper}", "Papers waiting for a vector of the configured model.");
        meter.CreateObservableGauge("dailypapers.search.index.lag", IndexLag,
            "{change}", "Paper and vector changes committed to the database that this node's search index has not applied yet.");
        meter.CreateObservableGauge("dailypapers.digest.outbox", Outbox,
            "{digest}", "Digests in the outbox, by status.");
    }

    /// <summary>Reads the figures again unless they were read less than a second ago (several scrapers, one query).</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await _refreshing.WaitAsync(ct);
        try
        {
            if (_last is not null && _clock.GetElapsedTime(_refreshedAt) < MinRefreshInterval)
            {
                return;
            }
            _last = new Snapshot(await _search.ReadAsync(ct), await _outbox.CountByStatusAsync(ct));
            _refreshedAt = _clock.GetTimestamp();
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public void Dispose() => _refreshing.Dispose();

    private IEnumerable<Measurement<long>> IndexLag() => _last is { } s
        ? [new Measurement<long>(s.Search.Lag(_search.Position), new KeyValuePair<string, object?>("node", _node.Value))]
        : [];

    private IEnumerable<Measurement<long>> Outbox() => _last is { } s
        ? s.Outbox.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("status", p.Key)))
        : [];
}
