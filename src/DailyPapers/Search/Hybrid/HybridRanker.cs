using DailyPapers.Search.Keyword;
using DailyPapers.Search.Semantic;

namespace DailyPapers.Search.Hybrid;

/// <summary>A result of the fused ranking, with the scores it came from (null: not in that ranking).</summary>
public sealed record RankedHit(string Id, double Score, float? KeywordScore, float? VectorScore);

/// <summary>
/// Fuses a keyword ranking and a vector ranking into one, knowing the query's kind. A query that names a paper
/// (an id, a DOI) is answered by the keyword ranking alone. Linear fusion normalises each ranking's top
/// <see cref="FusionOptions.Depth"/> scores to 0..1 and adds them weighted (a paper missing from a ranking gets 0
/// there). Long queries (claims, descriptions) use min-max normalisation and an even weight, as tuned on SciFact;
/// short queries (a few words, a title) give the vectors less weight and divide keyword scores by the best one, so
/// a paper matching one word weakly cannot ride a high vector score past papers matching every word. Reciprocal
/// rank fusion adds 1 / (k + rank). Ties go to the better keyword rank, then the id.
/// </summary>
public static class HybridRanker
{
    public static IReadOnlyList<RankedHit> Fuse(SearchQuery query, IReadOnlyList<KeywordHit> keyword, IReadOnlyList<VectorHit> vector, FusionOptions options)
    {
        if (query.Identifier is not null)
        {
            return keyword.Select(h => new RankedHit(h.Id, h.Score, h.Score, null)).ToList();
        }
        var isShort = Words(query) <= options.ShortQueryWords;
        var weight = isShort ? options.ShortVectorWeight : options.VectorWeight;
        var normalization = isShort ? options.ShortKeywordNormalization : ScoreNormalization.MinMax;
        return Fuse(keyword, vector, options, weight, normalization);
    }

    /// <summary>The fusion of long queries (and of every query before query kinds were told apart).</summary>
    public static IReadOnlyList<RankedHit> Fuse(IReadOnlyList<KeywordHit> keyword, IReadOnlyList<VectorHit> vector, FusionOptions options) =>
        Fuse(keyword, vector, options, options.VectorWeight, ScoreNormalization.MinMax);

    /// <summary>Content words of the query's unprefixed parts (stop words and one-letter words are not counted).</summary>
    public static int Words(SearchQuery query) =>
        TypedText.Words(query.FreeText).Count(w => w.Length > 1 && !Lucene.Net.Analysis.En.EnglishAnalyzer.DefaultStopSet.Contains(w));

    private static List<RankedHit> Fuse(
        IReadOnlyList<KeywordHit> keyword, IReadOnlyList<VectorHit> vector, FusionOptions options, double vectorWeight, ScoreNormalization keywordNormalization)
    {
        var depth = Math.Max(1, options.Depth);
        var kw = keyword.Take(depth).ToList();
        var vec = vector.Take(depth).ToList();
        var fused = new Dictionary<string, (double Score, float? Kw, float? Vec, int KwRank)>(StringComparer.Ordinal);
        var kwNorm = Normaliser(kw.Select(h => h.Score).ToList(), keywordNormalization);
        var vecNorm = Normaliser(vec.Select(h => h.Score).ToList(), ScoreNormalization.MinMax);
        for (var i = 0; i < kw.Count; i++)
        {
            var part = options.Method == FusionMethod.Rrf
                ? 1.0 / (options.RrfK + i + 1)
                : (1 - vectorWeight) * kwNorm(kw[i].Score);
            fused.TryAdd(kw[i].Id, (part, kw[i].Score, null, i));
        }
        for (var i = 0; i < vec.Count; i++)
        {
            var part = options.Method == FusionMethod.Rrf
                ? 1.0 / (options.RrfK + i + 1)
                : vectorWeight * vecNorm(vec[i].Score);
            fused[vec[i].Id] = fused.TryGetValue(vec[i].Id, out var seen)
                ? (seen.Score + part, seen.Kw, vec[i].Score, seen.KwRank)
                : (part, null, vec[i].Score, int.MaxValue);
        }
        var ranked = fused
            .OrderByDescending(f => f.Value.Score).ThenBy(f => f.Value.KwRank).ThenBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new RankedHit(f.Key, f.Value.Score, f.Value.Kw, f.Value.Vec))
            .ToList();
        // A paper the words single out clearly (a typed title, rare words only it holds) is what the reader is after.
        if (options.KeywordLead > 0 && kw.Count > 0 && (kw.Count == 1 || kw[0].Score >= options.KeywordLead * kw[1].Score) && ranked[0].Id != kw[0].Id)
        {
            var leader = ranked.FindIndex(h => h.Id == kw[0].Id);
            var hit = ranked[leader];
            ranked.RemoveAt(leader);
            ranked.Insert(0, hit);
        }
        return ranked;
    }

    /// <summary>Maps a ranking's scores to 0..1 (best 1; a single score or all equal map to 1).</summary>
    private static Func<float, double> Normaliser(List<float> scores, ScoreNormalization normalization)
    {
        if (scores.Count == 0)
        {
            return _ => 0;
        }
        double max = scores.Max(), min = scores.Min();
        if (normalization == ScoreNormalization.Max)
        {
            return max <= 0 ? _ => 1 : s => s / max;
        }
        return max - min < 1e-9 ? _ => 1 : s => (s - min) / (max - min);
    }
}
