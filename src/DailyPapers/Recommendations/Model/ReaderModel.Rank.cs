using System.Numerics.Tensors;

namespace DailyPapers.Recommendations.Model;

public sealed partial class ReaderModel
{
    /// <summary>Marked papers sink below every other candidate, in their own order.</summary>
    private const float MarkedOffset = -1_000f;

    /// <summary>For a reader without papers, their topics' papers come before the popular ones (popularity is a log of upvotes).</summary>
    private const float TopicFirst = 100f;

    /// <summary>What scoring found about one candidate; reasons are written only for the candidates returned.</summary>
    private struct Scored
    {
        public float Score;
        public float Content;
        public float Lexical;
        public float AuthorScore;
        public int Nearest;

        /// <summary>The similarity to the nearest of the reader's papers: what reasons and relevance go by.</summary>
        public float NearestSimilarity;
        public (float Weight, string Name, Liked Paper)? Author;
        public string? Topic;
        public bool Relevant;
        public bool Known;
        public bool Marked;
    }

    /// <summary>Every candidate, best first (ties: newer, then by arXiv id); at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<RankedPaper> Rank(CandidateSet candidates, int limit = int.MaxValue) => Ranked(candidates, limit, picksOnly: false);

    /// <summary>The best candidates to recommend on their own: relevant, not the reader's already, not marked.</summary>
    public IReadOnlyList<RankedPaper> Picks(CandidateSet candidates, int limit) => Ranked(candidates, limit, picksOnly: true);

    private List<RankedPaper> Ranked(CandidateSet candidates, int limit, bool picksOnly)
    {
        var items = candidates.Items;
        var scored = new Scored[items.Count];
        var sims = new float[_likedVectors.Length];
        var order = new List<int>(items.Count);
        var lexical = HasPapers && _settings.LexicalWeight > 0 ? Lexical(candidates) : null;
        var authors = HasPapers && _settings.UseAuthors ? Authors(candidates) : null;
        for (var i = 0; i < items.Count; i++)
        {
            scored[i] = HasPapers ? Score(items[i], sims, authors?[i]) : new Scored { Score = MathF.Log(1 + Math.Max(0, items[i].Facts.Upvotes)), Nearest = -1 };
            if (_topics.TryGetValue(items[i].Facts.ArxivId, out var topic))
            {
                scored[i].Topic = topic;
                scored[i].Score += HasPapers ? _settings.TopicWeight : TopicFirst;
                scored[i].Relevant = true;
            }
            scored[i].Lexical = lexical?[i] ?? 0;
            scored[i].Known = _known.ContainsKey(items[i].Facts.ArxivId);
            scored[i].Marked = _disliked.Contains(items[i].Facts.ArxivId);
            scored[i].Score += scored[i].Marked ? MarkedOffset : 0;
            if (!picksOnly || (scored[i].Relevant && !scored[i].Known && !scored[i].Marked))
            {
                order.Add(i);
            }
        }
        if (lexical is not null)
        {
            AddLexical(scored);
        }
        var comparer = Comparer<int>.Create((a, b) =>
        {
            var c = scored[b].Score.CompareTo(scored[a].Score);
            c = c != 0 ? c : items[b].Facts.PublishedAt.CompareTo(items[a].Facts.PublishedAt);
            return c != 0 ? c : string.CompareOrdinal(items[a].Facts.ArxivId, items[b].Facts.ArxivId);
        });
        return Top(order, limit, comparer).Select(i => new RankedPaper(items[i].Facts.ArxivId, scored[i].Score, Reason(items[i], scored[i]), scored[i].Relevant)).ToList();
    }

    /// <summary>
    /// Adds the lexical similarity, scaled to the spread of the embedding similarity over these candidates: the two
    /// live on different scales (tf-idf cosines are small and skewed), and fusing them at equal spread is what the
    /// benchmark found best; <see cref="ModelSettings.LexicalWeight"/> is the share of lexical spread to content spread.
    /// </summary>
    private void AddLexical(Scored[] scored)
    {
        var content = Spread(scored, s => s.Content);
        var lexical = Spread(scored, s => s.Lexical);
        var scale = lexical > 0 ? _settings.LexicalWeight * (content > 0 ? content / lexical : 1f) : 0f;
        for (var i = 0; i < scored.Length; i++)
        {
            scored[i].Score += scale * scored[i].Lexical;
        }
    }

    /// <summary>The standard deviation of one component over the candidates.</summary>
    private static float Spread(Scored[] scored, Func<Scored, float> component)
    {
        if (scored.Length < 2)
        {
            return 0;
        }
        double sum = 0, squares = 0;
        foreach (var s in scored)
        {
            var x = component(s);
            sum += x;
            squares += (double)x * x;
        }
        var mean = sum / scored.Length;
        return (float)Math.Sqrt(Math.Max(0, squares / scored.Length - mean * mean));
    }

    /// <summary>The first <paramref name="limit"/> of the list in the comparer's order, without sorting the rest.</summary>
    private static List<int> Top(List<int> list, int limit, Comparer<int> comparer)
    {
        if (limit >= list.Count)
        {
            list.Sort(comparer);
            return list;
        }
        // A heap of the best so far whose top is the worst of them.
        var heap = new PriorityQueue<int, int>(limit + 1, Comparer<int>.Create((a, b) => comparer.Compare(b, a)));
        foreach (var i in list)
        {
            heap.Enqueue(i, i);
            if (heap.Count > limit)
            {
                heap.Dequeue();
            }
        }
        var top = heap.UnorderedItems.Select(x => x.Element).ToList();
        top.Sort(comparer);
        return top;
    }

    /// <summary>
    /// Each candidate's tf-idf cosine to the centre of the reader's papers (the sum of their unit tf-idf vectors over
    /// the candidates' words, divided by its whole length), through the candidates' postings.
    /// </summary>
    private float[] Lexical(CandidateSet candidates)
    {
        var centre = new Dictionary<int, float>();
        var unseen = new Dictionary<string, float>(StringComparer.Ordinal);
        var scratch = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var liked in _liked)
        {
            scratch.Clear();
            var (ids, weights) = candidates.Terms.Weigh(liked.Terms, scratch);
            for (var k = 0; k < ids.Length; k++)
            {
                centre[ids[k]] = centre.GetValueOrDefault(ids[k]) + liked.Weight * weights[k];
            }
            foreach (var (term, w) in scratch)
            {
                unseen[term] = unseen.GetValueOrDefault(term) + liked.Weight * w;
            }
        }
        var squares = centre.Values.Sum(w => w * w) + unseen.Values.Sum(w => w * w);
        var scores = new float[candidates.Count];
        if (squares <= 0)
        {
            return scores;
        }
        var norm = MathF.Sqrt(squares);
        foreach (var (id, w) in centre)
        {
            for (var p = candidates.PostingStart[id]; p < candidates.PostingStart[id + 1]; p++)
            {
                scores[candidates.PostingCandidate[p]] += w / norm * candidates.PostingWeight[p];
            }
        }
        return scores;
    }

    /// <summary>For each candidate, its author the reader knows best (most of the reader's papers), through the candidates' author index.</summary>
    private (float Weight, string Name, Liked Paper)?[] Authors(CandidateSet candidates)
    {
        var best = new (float Weight, string Name, Liked Paper)?[candidates.Count];
        foreach (var (key, author) in _authors)
        {
            if (!candidates.ByAuthor.TryGetValue(key, out var written))
            {
                continue;
            }
            foreach (var i in written)
            {
                // Ties go to the name first in ordinal order, so the reason is the same whatever the dictionary's order.
                if (best[i] is not { } b || author.Weight > b.Weight || (author.Weight == b.Weight && string.CompareOrdinal(author.Name, b.Name) < 0))
                {
                    best[i] = author;
                }
            }
        }
        return best;
    }

    private Scored Score(Candidate c, float[] sims, (float Weight, string Name, Liked Paper)? author)
    {
        var s = new Scored { Nearest = -1 };
        if (c.Vector is { } x && _likedVectors.Length > 0)
        {
            for (var k = 0; k < _likedVectors.Length; k++)
            {
                sims[k] = TensorPrimitives.Dot(x, _likedVectors[k]);
            }
            s.Nearest = TensorPrimitives.IndexOfMax(sims.AsSpan(0, _likedVectors.Length));
            s.NearestSimilarity = sims[s.Nearest];
            s.Content = Pool(sims.AsSpan(0, _likedVectors.Length), _likedLogWeights, sims[s.Nearest], _settings.Temperature);
        }
        if (author is { } a)
        {
            s.Author = a;
            s.AuthorScore = _settings.AuthorWeight * MathF.Log2(1 + a.Weight);
        }
        var penalty = 0f;
        if (c.Vector is { } y && _dislikedVectors.Length > 0)
        {
            var nearest = float.MinValue;
            foreach (var d in _dislikedVectors)
            {
                nearest = Math.Max(nearest, TensorPrimitives.Dot(y, d));
            }
            penalty = _settings.NotInterestedWeight * Math.Max(0, nearest);
        }
        s.Score = s.Content + s.AuthorScore - penalty;
        s.Relevant = s.NearestSimilarity >= _settings.RelevantFrom || s.AuthorScore > 0;
        return s;
    }

    /// <summary>τ·log(Σ wᵢ exp(sᵢ/τ) / Σ wᵢ), computed around the maximum so nothing overflows.</summary>
    private static float Pool(ReadOnlySpan<float> sims, ReadOnlySpan<float> logWeights, float max, float temperature)
    {
        var sum = 0f;
        var weights = 0f;
        for (var k = 0; k < sims.Length; k++)
        {
            var w = MathF.Exp(logWeights[k]);
            sum += w * MathF.Exp((sims[k] - max) / temperature);
            weights += w;
        }
        return max + temperature * MathF.Log(sum / weights);
    }
}
