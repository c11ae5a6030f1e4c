using DailyPapers.Digest.Subscriptions;
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
    private IReadOnlyList<(string Id, int Day, float[] Vector)>? _sample;

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
        var recent = _builder.Search.Search(new SearchRequest { Query = topic, Filter = NewPapers, Limit = depth }).Hits.Select(h => h.ArxivId);
        var listed = _listed.Count == 0 ? [] :
            _builder.Search.Search(new SearchRequest { Query = topic, Limit = 300 }).Hits.Select(h => h.ArxivId).Where(_listed.Contains);
        var merged = Interleave(recent.ToList(), listed.ToList()).Distinct(StringComparer.Ordinal).Take(depth).ToList();
        _topics[topic] = merged;
        return merged;
    }

    /// <summary>The period's new papers a reader's model scores highest, each with the reader's paper nearest to it.</summary>
    internal async Task<IReadOnlyList<DigestItem>> PersonalPicksAsync(long userId, CancellationToken ct)
    {
        if (_personal.TryGetValue(userId, out var cached))
        {
            return cached;
        }
        var vectors = _builder.Indexes.Vectors;
        var liked = await _builder.Signals.LikedAsync(userId, ct);
        var positives = liked.Select(id => (Id: id, Vector: vectors.GetVector(id))).Where(p => p.Vector is not null).ToList();
        IReadOnlyList<DigestItem> picks = [];
        // The typical paper: a sample of the catalogue without the reader's papers and without the period's new
        // papers (the ones being ranked must not be taught as "not for you").
        _sample ??= vectors.Sample(DigestBuilder.NegativeSample, seed: Period.SendDate.DayNumber);
        var likedSet = liked.ToHashSet(StringComparer.Ordinal);
        var window = NewPapers;
        var negatives = _sample
            .Where(s => !likedSet.Contains(s.Id) && !_listed.Contains(s.Id) && !(s.Day >= window.From!.Value.DayNumber && s.Day <= window.To!.Value.DayNumber))
            .Select(s => s.Vector).ToList();
        if (positives.Count > 0 && negatives.Count > 0)
        {
            var model = LinearPreference.Train(positives.Select(p => p.Vector!).ToList(), negatives);
            var depth = Options.PersonalCount * 4 + liked.Count;
            var direction = Normalized(model.Weights);
            var pool = vectors.Search(direction, depth, NewPapers).Select(h => h.Id)
                .Concat(_listed).Where(id => !likedSet.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
            picks = pool
                .Select(id => (Id: id, Vector: vectors.GetVector(id)))
                .Where(c => c.Vector is not null)
                .Select(c => (c.Id, c.Vector, Score: model.Score(c.Vector)))
                .Where(c => c.Score > 0)
                .OrderByDescending(c => c.Score).ThenBy(c => c.Id, StringComparer.Ordinal)
                .Take(depth)
                .Select(c => new DigestItem(c.Id, DigestSection.Personal,
                    positives.MaxBy(p => System.Numerics.Tensors.TensorPrimitives.Dot(p.Vector!, c.Vector!)).Id))
                .ToList();
        }
        _personal[userId] = picks;
        return picks;
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

    private static float[] Normalized(float[] v)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        return norm == 0 ? v : v.Select(x => x / norm).ToArray();
    }
}
