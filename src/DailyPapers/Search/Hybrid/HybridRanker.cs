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
/// short queries (a few words) give the vectors less weight, so a paper matching one word weakly cannot ride a high
/// vector score past papers matching every word (<see cref="FusionOptions.ShortKeywordGate"/> can also rank papers
/// below a share of the best keyword score after the rest). A query naming people gives the
/// vectors <see cref="FusionOptions.NameVectorWeight"/>; the best keyword hit stays first when its title holds every
/// word of the query (a short query's, when it also leads clearly: <see cref="FusionOptions.KeywordLead"/>). A query whose vector
/// cannot change the ranking, or a short one a title holds (<see cref="UsesVectors"/>), is ranked by its words alone. Reciprocal rank fusion
/// adds 1 / (k + rank). Ties go to the better keyword rank, then the id.
/// </summary>
public static class HybridRanker
{
    /// <param name="namesAuthor">The query names people (<see cref="KeywordResults.NamesAuthor"/>): the vectors get <see cref="FusionOptions.NameVectorWeight"/>.</param>
    /// <param name="titleHoldsQuery">The best keyword hit's title holds every word of the query (<see cref="KeywordResults.TitleHoldsQuery"/>): it stays first (short queries: see <see cref="FusionOptions.KeywordLead"/>).</param>
    public static IReadOnlyList<RankedHit> Fuse(
        SearchQuery query, IReadOnlyList<KeywordHit> keyword, IReadOnlyList<VectorHit> vector, FusionOptions options, bool namesAuthor = false,
        bool titleHoldsQuery = false)
    {
        if (!UsesVectors(query, keyword, options, namesAuthor, titleHoldsQuery))
        {
            return keyword.Select(h => new RankedHit(h.Id, h.Score, h.Score, null)).ToList();
        }
        var isShort = Words(query) <= options.ShortQueryWords;
        var weight = VectorWeight(options, isShort, namesAuthor);
        var normalization = isShort ? options.ShortKeywordNormalization : ScoreNormalization.MinMax;
        // A long query whose every word the best hit's title holds is that title typed out; two or three words many
        // titles hold must also lead clearly.
        var lead = !titleHoldsQuery || options.KeywordLead <= 0 ? 0 : isShort ? options.KeywordLead : 1;
        return Fuse(keyword, vector, options, weight, normalization, lead, isShort ? options.ShortKeywordGate : 0);
    }

    /// <summary>
    /// Whether the query's vector can change its ranking, so the search must embed it. Not for a query naming a paper
    /// (an id, a DOI), one with no free text, one whose vectors would weigh nothing (a name query, by default), nor a short
    /// query whose best keyword hit's title holds every word and leads by <see cref="FusionOptions.ShortTitleKeywordOnly"/>:
    /// those rank by their words alone. The keyword ranking must be known first.
    /// </summary>
    public static bool UsesVectors(SearchQuery query, IReadOnlyList<KeywordHit> keyword, FusionOptions options, bool namesAuthor, bool titleHoldsQuery)
    {
        if (query.Identifier is not null || query.FreeText.Length == 0)
        {
            return false;
        }
        var isShort = Words(query) <= options.ShortQueryWords;
        if (options.Method == FusionMethod.Linear && VectorWeight(options, isShort, namesAuthor) <= 0)
        {
            return false;
        }
        var lead = options.ShortTitleKeywordOnly;
        return !(isShort && titleHoldsQuery && lead > 0 && keyword.Count > 0 && (keyword.Count == 1 || keyword[0].Score >= lead * keyword[1].Score));
    }

    private static double VectorWeight(FusionOptions options, bool isShort, bool namesAuthor)
    {
        var weight = isShort ? options.ShortVectorWeight : options.VectorWeight;
        return namesAuthor ? Math.Min(options.NameVectorWeight, weight) : weight;
    }

    /// <summary>The fusion of long queries (and of every query before query kinds were told apart).</summary>
    public static IReadOnlyList<RankedHit> Fuse(IReadOnlyList<KeywordHit> keyword, IReadOnlyList<VectorHit> vector, FusionOptions options) =>
        Fuse(keyword, vector, options, options.VectorWeight, ScoreNormalization.MinMax, 0, 0);

    /// <summary>Content words of the query's unprefixed parts (stop words and one-letter words are not counted).</summary>
    public static int Words(SearchQuery query) =>
        TypedText.Words(query.FreeText).Count(w => w.Length > 1 && !Lucene.Net.Analysis.En.EnglishAnalyzer.DefaultStopSet.Contains(w));

    private static List<RankedHit> Fuse(
        IReadOnlyList<KeywordHit> keyword, IReadOnlyList<VectorHit> vector, FusionOptions options, double vectorWeight, ScoreNormalization keywordNormalization,
        double keywordLead, double keywordGate)
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
        if (keywordLead > 0 && kw.Count > 0 && (kw.Count == 1 || kw[0].Score >= keywordLead * kw[1].Score) && ranked[0].Id != kw[0].Id)
        {
            var leader = ranked.FindIndex(h => h.Id == kw[0].Id);
            var hit = ranked[leader];
            ranked.RemoveAt(leader);
            ranked.Insert(0, hit);
        }
        // A paper the words match weakly (below the gate's share of the best keyword score, or not at all) cannot
        // ride its vector score past papers they match strongly: the strong ones come first, each group in fused order.
        if (keywordGate > 0 && kw.Count > 0)
        {
            var bar = keywordGate * kw[0].Score;
            ranked = [.. ranked.Where(h => h.KeywordScore >= bar), .. ranked.Where(h => !(h.KeywordScore >= bar))];
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
