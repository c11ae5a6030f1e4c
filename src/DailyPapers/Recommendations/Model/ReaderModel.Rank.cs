using System.Numerics.Tensors;

namespace DailyPapers.Recommendations.Model;

public sealed partial class ReaderModel
{
    /// <summary>Marked papers sink below every other candidate, in their own order.</summary>
    private const float MarkedOffset = -1_000f;

    /// <summary>Every candidate, best first (ties: newer, then by arXiv id); at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<RankedPaper> Rank(CandidateSet candidates, int limit = int.MaxValue) => Ranked(candidates, limit, picksOnly: false);

    /// <summary>The best candidates to recommend on their own: relevant, not the reader's already, not marked.</summary>
    public IReadOnlyList<RankedPaper> Picks(CandidateSet candidates, int limit) => Ranked(candidates, limit, picksOnly: true);

    private List<RankedPaper> Ranked(CandidateSet candidates, int limit, bool picksOnly)
    {
        var scored = new (RankedPaper Paper, DateTime Published)[candidates.Count];
        var sims = new float[_likedVectors.Length];
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates.Items[i];
            scored[i] = (HasSignals ? Score(c, sims) : Fallback(c), c.Facts.PublishedAt);
            if (_disliked.Contains(c.Facts.ArxivId))
            {
                scored[i].Paper = scored[i].Paper with { Score = MarkedOffset + scored[i].Paper.Score, Reason = new RecommendationReason(ReasonKind.NotInterested) };
            }
        }
        return scored
            .Where(s => !picksOnly || (s.Paper.Relevant && s.Paper.Reason.Kind is not (ReasonKind.Known or ReasonKind.NotInterested)))
            .OrderByDescending(s => s.Paper.Score).ThenByDescending(s => s.Published).ThenBy(s => s.Paper.ArxivId, StringComparer.Ordinal)
            .Take(limit).Select(s => s.Paper).ToList();
    }

    private RankedPaper Score(Candidate c, float[] sims)
    {
        var content = 0f;
        var best = -1;
        if (c.Vector is { } x && _likedVectors.Length > 0)
        {
            for (var k = 0; k < _likedVectors.Length; k++)
            {
                sims[k] = TensorPrimitives.Dot(x, _likedVectors[k]);
            }
            best = TensorPrimitives.IndexOfMax(sims.AsSpan(0, _likedVectors.Length));
            content = Pool(sims.AsSpan(0, _likedVectors.Length), sims[best], _settings.Temperature);
        }
        var author = _settings.UseAuthors ? BestAuthor(c) : null;
        var authorScore = author is { } a ? _settings.AuthorWeight * MathF.Log2(1 + a.Weight) : 0;
        var penalty = 0f;
        if (c.Vector is { } y && _dislikedVectors.Length > 0)
        {
            var nearest = _dislikedVectors.Max(d => TensorPrimitives.Dot(y, d));
            penalty = _settings.NotInterestedWeight * Math.Max(0, nearest);
        }
        var score = content + authorScore - penalty;
        return new RankedPaper(c.Facts.ArxivId, score, Reason(c, best < 0 ? null : (Paper: _likedWithVectors[best], Similarity: sims[best]), author, authorScore, content),
            content >= _settings.RelevantFrom || authorScore > 0);
    }

    /// <summary>τ·log(mean exp(s/τ)), computed around the maximum so nothing overflows.</summary>
    private static float Pool(ReadOnlySpan<float> sims, float max, float temperature)
    {
        var sum = 0f;
        foreach (var s in sims)
        {
            sum += MathF.Exp((s - max) / temperature);
        }
        return max + temperature * MathF.Log(sum / sims.Length);
    }

    private (float Weight, string Name, Liked Paper)? BestAuthor(Candidate c)
    {
        (float Weight, string Name, Liked Paper)? best = null;
        foreach (var key in c.AuthorKeys)
        {
            if (_authors.TryGetValue(key, out var a) && (best is null || a.Weight > best.Value.Weight))
            {
                best = a;
            }
        }
        return best;
    }

    private RecommendationReason Reason(Candidate c, (Liked Paper, float Similarity)? nearest, (float Weight, string Name, Liked Paper)? author,
        float authorScore, float content)
    {
        if (_known.TryGetValue(c.Facts.ArxivId, out var own))
        {
            return new RecommendationReason(ReasonKind.Known, own.ArxivId, own.Title);
        }
        if (author is { } a && (nearest is null || authorScore >= content || nearest.Value.Similarity < _settings.TopicBelow))
        {
            return new RecommendationReason(ReasonKind.Author, a.Paper.ArxivId, a.Paper.Title, a.Name);
        }
        if (nearest is { } n && n.Similarity >= _settings.TopicBelow)
        {
            var kind = n.Paper.Kind switch
            {
                SignalKind.Saved => ReasonKind.Saved,
                SignalKind.Imported => ReasonKind.Imported,
                SignalKind.Authored => ReasonKind.YourPaper,
                _ => ReasonKind.Upvoted,
            };
            return new RecommendationReason(kind, n.Paper.ArxivId, n.Paper.Title);
        }
        var topic = c.Facts.Categories.OrderByDescending(x => _categories.GetValueOrDefault(x)).FirstOrDefault();
        return new RecommendationReason(ReasonKind.Topic, Topic: topic);
    }

    /// <summary>No liked papers: the community's choice, most upvoted first (newest among equals, in <see cref="Rank"/>).</summary>
    private static RankedPaper Fallback(Candidate c) =>
        new(c.Facts.ArxivId, MathF.Log(1 + Math.Max(0, c.Facts.Upvotes)), new RecommendationReason(ReasonKind.Popular), Relevant: false);
}
