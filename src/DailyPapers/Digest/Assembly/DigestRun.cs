using DailyPapers.Digest.Subscriptions;
using DailyPapers.Recommendations.Model;
using DailyPapers.Search;

namespace DailyPapers.Digest.Assembly;

/// <summary>
/// One period's digest run: the trending list, and caches of each topic's matches and each reader's personal
/// picks, so 10,000 subscribers with a few dozen distinct topics cost a few dozen searches.
/// </summary>
public sealed class DigestRun
{
    private readonly DigestBuilder _builder;
    private readonly HashSet<string> _listed;
    private readonly Dictionary<string, IReadOnlyList<string>> _topics = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, IReadOnlyList<DigestItem>> _personal = [];
    private CandidateSet? _candidates;

    internal DigestRun(DigestBuilder builder, DigestPeriod period, IReadOnlyList<string> listedByRank, DigestOptions options)
    {
        _builder = builder;
        Period = period;
        Trending = listedByRank;
        _listed = listedByRank.ToHashSet(StringComparer.Ordinal);
        Options = options;
    }

    public DigestPeriod Period { get; }

    /// <summary>The papers on the period's daily lists, most upvoted first.</summary>
    public IReadOnlyList<string> Trending { get; }

    internal DigestOptions Options { get; }

    /// <summary>Papers that count as new in the period: from its daily lists, or first published from two days before it.</summary>
    private SearchFilter NewPapers => new() { From = Period.From.AddDays(-2), To = Period.To };

    public Task<IReadOnlyList<DigestPlan>> PlanAsync(IReadOnlyList<Subscription> batch, CancellationToken ct = default) =>
        _builder.PlanAsync(this, batch, ct);

    /// <summary>
    /// A topic's new papers, best match first: the search's hits among papers published in the period interleaved
    /// with its hits among the period's daily lists.
    /// </summary>
    internal IReadOnlyList<string> TopicMatches(string topic)
    {
        if (_topics.TryGetValue(topic, out var cached))
        {
            return cached;
        }
        var depth = Options.TopicCount * 4;
        var recent = _builder.Search.Search(new SearchRequest { Query = topic, Filter = NewPapers, Limit = depth, Highlight = false }).Hits.Select(h => h.ArxivId);
        var listed = _listed.Count == 0 ? [] :
            _builder.Search.Search(new SearchRequest { Query = topic, Limit = 300, Highlight = false }).Hits.Select(h => h.ArxivId).Where(_listed.Contains);
        var merged = Interleave(recent.ToList(), listed.ToList()).Distinct(StringComparer.Ordinal).Take(depth).ToList();
        _topics[topic] = merged;
        return merged;
    }

    /// <summary>
    /// The period's new papers the recommender picks for each reader, each with the reader's paper behind it (the
    /// "because you liked" line); the candidates are read once per run.
    /// </summary>
    internal async Task<IReadOnlyDictionary<long, IReadOnlyList<DigestItem>>> PersonalPicksAsync(IReadOnlyCollection<long> userIds, CancellationToken ct)
    {
        var missing = userIds.Where(id => !_personal.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var window = NewPapers;
            _candidates ??= await _builder.Recommender.CandidatesAsync(window.From!.Value, window.To!.Value, _listed, ct);
            var picks = await _builder.Recommender.PicksForReadersAsync(_candidates, missing, Options.PersonalCount * 4, ct);
            foreach (var userId in missing)
            {
                _personal[userId] = (picks.GetValueOrDefault(userId) ?? [])
                    .Select(p => new DigestItem(p.ArxivId, DigestSection.Personal, p.Reason.PaperId)).ToList();
            }
        }
        return userIds.Distinct().ToDictionary(id => id, id => _personal[id]);
    }

    private static IEnumerable<string> Interleave(List<string> a, List<string> b)
    {
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            if (i < a.Count)
            {
                yield return a[i];
            }
            if (i < b.Count)
            {
                yield return b[i];
            }
        }
    }
}
