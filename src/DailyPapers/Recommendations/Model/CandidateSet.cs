namespace DailyPapers.Recommendations.Model;

/// <summary>A candidate ready for scoring: its vector placed in the model's space, its authors' name keys, its words' weights.</summary>
internal sealed record Candidate(PaperFacts Facts, float[]? Vector, string[] AuthorKeys, int[] TermIds, float[] TermWeights)
{
    private PaperWords? _words;

    /// <summary>Its words for <see cref="TopicMatch"/>, taken when a topic is first matched (a kept candidate set takes them once).</summary>
    public PaperWords Words => _words ??= PaperWords.Of(Facts);
}

/// <summary>
/// The papers to rank, prepared once and shared by every reader ranked over them (a day's new papers for thousands
/// of readers): vectors placed in the space, author names reduced to keys, words weighed in the candidates' own
/// <see cref="TermSpace"/>.
/// </summary>
public sealed class CandidateSet
{
    private CandidateSet(List<Candidate> items, PaperSpace space, TermSpace terms)
    {
        Items = items;
        Space = space;
        Terms = terms;
        // Word -> candidates (compressed rows): a reader's few hundred words reach the candidates that have them,
        // instead of every candidate looking up each of its words.
        PostingStart = new int[terms.Count + 1];
        foreach (var c in items)
        {
            foreach (var id in c.TermIds)
            {
                PostingStart[id + 1]++;
            }
        }
        for (var t = 0; t < terms.Count; t++)
        {
            PostingStart[t + 1] += PostingStart[t];
        }
        PostingCandidate = new int[PostingStart[terms.Count]];
        PostingWeight = new float[PostingCandidate.Length];
        var next = PostingStart[..^1];
        for (var i = 0; i < items.Count; i++)
        {
            for (var k = 0; k < items[i].TermIds.Length; k++)
            {
                var at = next[items[i].TermIds[k]]++;
                PostingCandidate[at] = i;
                PostingWeight[at] = items[i].TermWeights[k];
            }
        }
        ByAuthor = items.SelectMany((c, i) => c.AuthorKeys.Select(key => (key, i)))
            .GroupBy(x => x.key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.i).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Where word <c>t</c>'s candidates start in <see cref="PostingCandidate"/> and <see cref="PostingWeight"/> (they end at <c>t + 1</c>'s start).</summary>
    internal int[] PostingStart { get; }

    internal int[] PostingCandidate { get; }

    internal float[] PostingWeight { get; }

    /// <summary>Author name key -> the candidates they wrote.</summary>
    internal IReadOnlyDictionary<string, int[]> ByAuthor { get; }

    internal IReadOnlyList<Candidate> Items { get; }

    internal TermSpace Terms { get; }

    public PaperSpace Space { get; }

    public int Count => Items.Count;

    public static CandidateSet Prepare(IEnumerable<ModelPaper> papers, PaperSpace space, ModelSettings? settings = null)
    {
        var distinct = papers.DistinctBy(p => p.ArxivId, StringComparer.Ordinal).ToList();
        var terms = TermSpace.Of(distinct.Select(p => p.Terms).ToList(), (settings ?? ModelSettings.Default).IdfPower);
        var items = distinct.Select(p =>
        {
            var (ids, weights) = terms.Weigh(p.Terms);
            return new Candidate(p.Facts, space.Place(p.Vector), p.Facts.Authors.Select(AuthorName.Key).Distinct(StringComparer.Ordinal).ToArray(), ids, weights);
        }).ToList();
        return new CandidateSet(items, space, terms);
    }
}
