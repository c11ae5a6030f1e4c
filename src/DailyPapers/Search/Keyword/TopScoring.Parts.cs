using Lucene.Net.Index;
using Lucene.Net.Search;

namespace DailyPapers.Search.Keyword;

internal static partial class TopScoring
{
    /// <summary>A search is split into parts only over at least this many papers a part (below it, a part's set-up costs more than it saves).</summary>
    public const int PapersPerPart = 50_000;

    /// <summary>
    /// Scores the papers in <paramref name="parts"/> ranges of about equal size at once (the first on this thread, the
    /// others on the thread pool), each with its own best papers, and merges them. The ranking is the same as in one
    /// pass: each range keeps its own best <paramref name="top"/>, the merge orders them as Lucene does (score, then the
    /// earlier paper), and a range skips papers only by what one of them has published (<see cref="PartThresholds"/>).
    /// </summary>
    private static TopDocs ScoreParts(IndexSearcher searcher, List<Clause> clauses, int top, int exactTotal, int parts, PartOrder order)
    {
        var ranges = Ranges(searcher.IndexReader.Leaves, parts);
        var shared = ranges.Count > 1 ? new PartThresholds(ranges.Count) : null;
        var bests = new BestPapers[ranges.Count];
        var totals = new int[ranges.Count];
        void Score(int part)
        {
            var best = bests[part] = new BestPapers(top);
            foreach (var (leaf, from, to) in ranges[part])
            {
                totals[part] += ScoreLeaf(searcher, leaf, from, to, clauses, best, exactTotal, totals[part], shared, part);
            }
        }
        if (order == PartOrder.AtOnce)
        {
            var others = Enumerable.Range(1, ranges.Count - 1).Select(part => Task.Run(() => Score(part))).ToArray();
            Score(0);
            Task.WaitAll(others);
        }
        else
        {
            foreach (var part in Enumerable.Range(0, ranges.Count))
            {
                Score(order == PartOrder.FirstToLast ? part : ranges.Count - 1 - part);
            }
        }
        if (ranges.Count == 1)
        {
            return bests[0].ToTopDocs(totals[0]);
        }
        var merged = bests.SelectMany(b => b.ToTopDocs(0).ScoreDocs)
            .OrderByDescending(d => d.Score).ThenBy(d => d.Doc).Take(top).ToArray();
        return new TopDocs(totals.Sum(), merged, merged.Length > 0 ? merged[0].Score : float.NaN);
    }

    /// <summary>
    /// How the parts of a split search are scored: at once; or one after another (tests: each part then skips papers by
    /// what the earlier parts published, or the later ones, whatever the threads' timing).
    /// </summary>
    internal enum PartOrder
    {
        AtOnce,
        FirstToLast,
        LastToFirst,
    }

    /// <summary>
    /// The index's papers cut into at most <paramref name="parts"/> runs of consecutive documents of about equal size,
    /// each a list of (segment, first document, end) in document order; a segment may be cut between two parts.
    /// </summary>
    internal static List<List<(AtomicReaderContext Leaf, int From, int To)>> Ranges(IList<AtomicReaderContext> leaves, int parts)
    {
        var papers = leaves.Sum(l => (long)l.AtomicReader.MaxDoc);
        parts = (int)Math.Clamp(Math.Min(parts, papers), 1, int.MaxValue);
        var ranges = new List<List<(AtomicReaderContext, int, int)>> { new() };
        var size = (papers + parts - 1) / parts;
        var room = size; // documents the current part still takes
        foreach (var leaf in leaves)
        {
            var from = 0;
            var maxDoc = leaf.AtomicReader.MaxDoc;
            while (from < maxDoc)
            {
                if (room == 0)
                {
                    ranges.Add([]);
                    room = size;
                }
                var to = (int)Math.Min(maxDoc, from + room);
                ranges[^1].Add((leaf, from, to));
                room -= to - from;
                from = to;
            }
        }
        return ranges;
    }

    /// <summary>
    /// The worst of each part's best papers, once that part may skip papers (its total counted past exactTotal). A part
    /// may skip a paper that cannot pass the worst of an earlier part (which holds <c>top</c> better ones, all earlier in
    /// the index, so they win ties), or that cannot reach the worst of a later part (a tie there goes to this part).
    /// </summary>
    private sealed class PartThresholds(int parts)
    {
        private readonly float[] _worst = Enumerable.Repeat(float.NegativeInfinity, parts).ToArray();
        private int _version;

        /// <summary>Moves whenever a part publishes a higher worst.</summary>
        public int Version => Volatile.Read(ref _version);

        public void Publish(int part, float worst)
        {
            if (worst > Volatile.Read(ref _worst[part]))
            {
                Volatile.Write(ref _worst[part], worst);
                Interlocked.Increment(ref _version);
            }
        }

        /// <summary>The highest score a paper of <paramref name="part"/> can have and still be skipped by the other parts' worst (−∞: none published).</summary>
        public float Bound(int part)
        {
            var bound = float.NegativeInfinity;
            for (var other = 0; other < _worst.Length; other++)
            {
                var worst = Volatile.Read(ref _worst[other]);
                if (other != part && worst > float.NegativeInfinity)
                {
                    bound = Math.Max(bound, other < part ? worst : MathF.BitDecrement(worst));
                }
            }
            return bound;
        }
    }
}
