using DailyPapers.Search.Keyword;
using DailyPapers.Search.Semantic;

namespace DailyPapers.Search.Hybrid;

/// <summary>A result of the fused ranking, with the scores it came from (null: not in that ranking).</summary>
public sealed record RankedHit(string Id, double Score, float? KeywordScore, float? VectorScore);

/// <summary>
/// Fuses a keyword ranking and a vector ranking into one. Linear fusion min-max-normalises each ranking's top
/// <see cref="FusionOptions.Depth"/> scores to 0..1 and adds them weighted (a paper missing from a ranking gets
/// 0 there); reciprocal rank fusion adds 1 / (k + rank). Ties go to the better keyword rank, then the id.
/// </summary>
public static class HybridRanker
{
    public static IReadOnlyList<RankedHit> Fuse(IReadOnlyList<KeywordHit> keyword, IReadOnlyList<VectorHit> vector, FusionOptions options)
    {
        var depth = Math.Max(1, options.Depth);
        var kw = keyword.Take(depth).ToList();
        var vec = vector.Take(depth).ToList();
        var fused = new Dictionary<string, (double Score, float? Kw, float? Vec, int KwRank)>(StringComparer.Ordinal);
        var kwNorm = Normaliser(kw.Select(h => h.Score).ToList());
        var vecNorm = Normaliser(vec.Select(h => h.Score).ToList());
        for (var i = 0; i < kw.Count; i++)
        {
            var part = options.Method == FusionMethod.Rrf
                ? 1.0 / (options.RrfK + i + 1)
                : (1 - options.VectorWeight) * kwNorm(kw[i].Score);
            fused.TryAdd(kw[i].Id, (part, kw[i].Score, null, i));
        }
        for (var i = 0; i < vec.Count; i++)
        {
            var part = options.Method == FusionMethod.Rrf
                ? 1.0 / (options.RrfK + i + 1)
                : options.VectorWeight * vecNorm(vec[i].Score);
            fused[vec[i].Id] = fused.TryGetValue(vec[i].Id, out var seen)
                ? (seen.Score + part, seen.Kw, vec[i].Score, seen.KwRank)
                : (part, null, vec[i].Score, int.MaxValue);
        }
        return fused
            .OrderByDescending(f => f.Value.Score).ThenBy(f => f.Value.KwRank).ThenBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new RankedHit(f.Key, f.Value.Score, f.Value.Kw, f.Value.Vec))
            .ToList();
    }

    /// <summary>Maps a ranking's scores to 0..1 (best 1, worst 0; a single score or all equal map to 1).</summary>
    private static Func<float, double> Normaliser(IReadOnlyList<float> scores)
    {
        if (scores.Count == 0)
        {
            return _ => 0;
        }
        double max = scores.Max(), min = scores.Min();
        return max - min < 1e-9 ? _ => 1 : s => (s - min) / (max - min);
    }
}
