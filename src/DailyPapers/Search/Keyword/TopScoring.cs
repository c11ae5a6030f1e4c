using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// The best papers for a ranking query without scoring every paper it matches (MaxScore: Turtle and Flood, 1995).
/// Lucene 4.8 scores every posting of every clause; over millions of papers a short query of common words matches
/// hundreds of thousands, while only the best hundred are wanted. Each top-level clause has a ceiling on its score
/// (BM25 never exceeds idf × boost × (k1 + 1), <see cref="Ceiling"/>). Once the worst of the best <c>top</c> papers
/// so far scores θ, the optional clauses whose ceilings, with the required clauses', add up to at most θ stop
/// leading: a paper is looked at only if it matches a clause outside them (and every required one), and its other
/// clauses are not read once its score so far plus their ceilings cannot pass θ. The papers returned, their order and
/// their scores are the full query's (the same clause scores, summed); what is given up is the exact total, which is
/// counted exactly up to <c>exactTotal</c> papers and is a lower bound past it.
/// </summary>
internal static partial class TopScoring
{
    /// <summary>Ceilings are raised by this share so that float rounding in a clause's score never passes one.</summary>
    private const double Margin = 1e-4;

    /// <summary>How a clause takes part: every paper must match each required one and enough of the group (when there is one: <see cref="Clause.GroupMin"/>).</summary>
    private enum Role
    {
        Required,
        Group,
        Optional,
    }

    private sealed class Clause(Weight weight, float ceiling, Role role, bool scored = true, PhraseQuery? phrase = null,
        IReadOnlyDictionary<Term, TermStatistics>? phraseStatistics = null, int groupMin = 1)
    {
        public Weight Weight { get; } = weight;

        /// <summary>For the group's clauses: how many of them a paper must match (Lucene's minimum that should match, at least 1).</summary>
        public int GroupMin { get; } = groupMin;
        public float Ceiling { get; } = ceiling;
        public Role Role { get; } = role;
        public bool Scored { get; } = scored;

        /// <summary>An optional phrase: scored at the papers asked about (<see cref="PhraseAtDoc"/>), not searched for.</summary>
        public PhraseQuery? Phrase { get; } = phrase;

        /// <summary>The phrase's words' statistics over the whole index, looked up once for every segment.</summary>
        public IReadOnlyDictionary<Term, TermStatistics>? PhraseStatistics { get; } = phraseStatistics;
    }

    /// <summary>A clause over one segment: a Lucene scorer, or a phrase whose papers hold all its words (<see cref="Matches"/> says whether it matched).</summary>
    private sealed class Cursor(Scorer? scorer, PhraseAtDoc? phrase, Clause clause)
    {
        public Clause Clause { get; } = clause;
        public int Doc { get; private set; } = -1;

        /// <summary>Moves to the first paper at or after <paramref name="target"/> (never back); a phrase, to one holding all its words.</summary>
        public int AdvanceTo(int target) => Doc >= target ? Doc : Doc = scorer?.Advance(target) ?? phrase!.AdvanceTo(target);

        /// <summary>As <see cref="AdvanceTo"/> for a clause that leads: a phrase moves to a paper it matches.</summary>
        public int Lead(int target) => phrase is null ? AdvanceTo(target) : Doc >= target ? Doc : Doc = phrase.Lead(target);

        /// <summary>About how many papers the clause matches (a word's: the papers holding it), as Lucene estimates it.</summary>
        public long Cost => scorer?.GetCost() ?? long.MaxValue;

        /// <summary>Whether the clause matches the paper it is on, and its score there.</summary>
        public bool Matches(out float score)
        {
            if (phrase is not null)
            {
                return phrase.TryScore(out score);
            }
            score = Clause.Scored ? scorer!.GetScore() : 0f;
            return true;
        }
    }

    /// <summary>
    /// Runs a ranking query for the <paramref name="top"/> best papers; <paramref name="first"/> is the best hit's
    /// document number (−1: none). The total is exact up to <paramref name="exactTotal"/> papers, a lower bound past it
    /// (0: every match scored by Lucene, the total exact).
    /// </summary>
    public static KeywordResults Run(IndexSearcher searcher, Query ranking, SearchFilter filter, int top, int exactTotal, int parts, out int first,
        PartOrder order = PartOrder.AtOnce, ScoringBaseline? baseline = null)
    {
        var filterQuery = KeywordQueryBuilder.FilterQuery(filter);
        var docs = (exactTotal <= 0 ? null : Search(searcher, ranking, filterQuery, top, exactTotal, parts, order, baseline))
            ?? searcher.Search(filterQuery is null ? ranking : new FilteredQuery(ranking, new QueryWrapperFilter(filterQuery)), top);
        var leaves = searcher.IndexReader.Leaves;
        var ids = new BinaryDocValues?[leaves.Count];
        var bytes = new BytesRef();
        var hits = new List<KeywordHit>(docs.ScoreDocs.Length);
        foreach (var d in docs.ScoreDocs)
        {
            var leaf = ReaderUtil.SubIndex(d.Doc, leaves);
            ids[leaf] ??= leaves[leaf].AtomicReader.GetBinaryDocValues(KeywordFields.IdValue);
            ids[leaf]!.Get(d.Doc - leaves[leaf].DocBase, bytes);
            hits.Add(new KeywordHit(bytes.Utf8ToString(), d.Score));
        }
        first = docs.ScoreDocs.Length > 0 ? docs.ScoreDocs[0].Doc : -1;
        return new KeywordResults(hits, docs.TotalHits);
    }

    /// <summary>
    /// The best <paramref name="top"/> papers for <paramref name="ranking"/> among those <paramref name="filter"/>
    /// (if any) matches, or null when the query is not a sum of clauses this can bound (Lucene then ranks it). With
    /// <paramref name="parts"/> above 1 the papers are split into that many ranges scored at once (<see cref="ScoreParts"/>).
    /// </summary>
    public static TopDocs? Search(IndexSearcher searcher, Query ranking, Query? filter, int top, int exactTotal, int parts = 1,
        PartOrder order = PartOrder.AtOnce, ScoringBaseline? baseline = null)
    {
        var luceneDisjunctions = baseline?.LuceneDisjunctions ?? false;
        if (ranking is not BooleanQuery { CoordDisabled: true, MinimumNumberShouldMatch: 0, Boost: 1f } query
            || query.Clauses.Count < 2 || query.Clauses.Any(c => c.Occur == Occur.MUST_NOT) || top <= 0)
        {
            return null;
        }
        var clauses = new List<Clause>();
        var groups = 0;
        foreach (var clause in query.Clauses)
        {
            if (clause.Occur == Occur.MUST && groups == 0 && clause.Query is BooleanQuery { CoordDisabled: true, Boost: 1f } any
                && any.Clauses.Count > 0 && any.Clauses.All(c => c.Occur == Occur.SHOULD) && any.MinimumNumberShouldMatch <= any.Clauses.Count)
            {
                // Any one of these (the rarer words of a common-word restricted query), or as many as the query asks (all but
                // one of its common words): each is bounded on its own.
                groups++;
                var least = Math.Max(1, any.MinimumNumberShouldMatch);
                clauses.AddRange(any.Clauses.Select(c => new Clause(searcher.CreateNormalizedWeight(c.Query), Ceiling(searcher, c.Query, 1f), Role.Group, groupMin: least)));
                continue;
            }
            var role = clause.Occur == Occur.MUST ? Role.Required : Role.Optional;
            var phrase = role == Role.Optional && clause.Query is PhraseQuery p && p.GetTerms().Length > 1 ? p : null;
            // A phrase's words are looked up once: its view of each segment and its ceiling read the same statistics.
            var statistics = phrase is null ? null : PhraseAtDoc.WordStatistics(searcher, phrase);
            var ceiling = statistics is null ? Ceiling(searcher, clause.Query, 1f)
                : TermsCeiling(searcher, phrase!.GetTerms()[0].Field, phrase.GetTerms(), phrase.Boost, t => statistics[t].DocFreq);
            // An optional disjunction of words is scored only at the papers that may still enter the best (DisjunctionAtDoc).
            var weight = (role == Role.Optional && !luceneDisjunctions ? DisjunctionAtDoc.Create(searcher, clause.Query) : null) ?? searcher.CreateNormalizedWeight(clause.Query);
            clauses.Add(new Clause(weight, ceiling, role, phrase: phrase, phraseStatistics: statistics));
        }
        if (filter is not null)
        {
            clauses.Add(new Clause(searcher.CreateNormalizedWeight(filter), 0f, Role.Required, scored: false));
        }
        return ScoreParts(searcher, clauses, top, exactTotal, parts, order);
    }

    /// <summary>
    /// Scores papers [<paramref name="from"/>, <paramref name="to"/>) of one segment into <paramref name="best"/>; returns
    /// how many matched (all of them while fewer than <paramref name="exactTotal"/> were counted). <paramref name="shared"/>
    /// holds the thresholds of the parts scored beside this one (<see cref="ScoreParts"/>).
    /// </summary>
    private static int ScoreLeaf(IndexSearcher searcher, AtomicReaderContext leaf, int from, int to, List<Clause> clauses, BestPapers best,
        int exactTotal, int countedBefore, PartThresholds? shared, int part)
    {
        var live = leaf.AtomicReader.LiveDocs;
        var required = new List<Cursor>();
        var group = new List<Cursor>();
        var optional = new List<Cursor>(); // the group's clauses and the optional ones, each bounded
        var groupMin = clauses.FirstOrDefault(c => c.Role == Role.Group)?.GroupMin ?? 0;
        foreach (var clause in clauses)
        {
            var phrase = clause.Phrase is null ? null : PhraseAtDoc.Create(searcher, clause.PhraseStatistics!, clause.Phrase, leaf, () => clause.Weight.GetScorer(leaf, live));
            var scorer = clause.Phrase is null ? clause.Weight.GetScorer(leaf, live) : null;
            if (phrase is null && scorer is null)
            {
                if (clause.Role == Role.Required)
                {
                    return 0;
                }
                continue;
            }
            var cursor = new Cursor(scorer, phrase, clause);
            (clause.Role == Role.Required ? required : optional).Add(cursor);
            if (clause.Role == Role.Group)
            {
                group.Add(cursor);
            }
        }
        if (required.Count + optional.Count == 0 || group.Count < groupMin)
        {
            return 0;
        }
        // Bounded clauses by ceiling, lowest first; below[j] = the ceilings of optional[0..j) added up.
        optional.Sort((a, b) => a.Clause.Ceiling.CompareTo(b.Clause.Ceiling));
        var below = new float[optional.Count + 1];
        for (var j = 0; j < optional.Count; j++)
        {
            below[j + 1] = below[j] + optional[j].Clause.Ceiling;
        }
        var requiredCeiling = required.Sum(r => r.Clause.Ceiling);
        // The required clauses meet rarest first (as Lucene's conjunction does): the rarest proposes a paper, the others
        // are advanced to it through their skip lists. Scored in the query's order all the same.
        var meet = required.OrderBy(r => r.Cost).ToList();
        // A ranking without required clauses (the filter aside) needs one of its optional clauses to match.
        var anyOptional = !clauses.Any(c => c.Role == Role.Group || (c.Role == Role.Required && c.Scored));

        var counted = 0;
        var doc = from - 1;
        var pruning = false;
        var threshold = float.NegativeInfinity;
        var leading = 0; // a paper must match one of optional[leading..]; optional[..leading) only add to it
        var seen = -1L;
        var seenShared = -1;
        while (true)
        {
            if (best.Changes != seen || (shared is not null && shared.Version != seenShared))
            {
                seen = best.Changes;
                pruning = best.Full && countedBefore + counted >= exactTotal;
                threshold = best.Full ? best.Threshold : float.NegativeInfinity;
                if (shared is not null)
                {
                    if (pruning)
                    {
                        shared.Publish(part, threshold);
                    }
                    seenShared = shared.Version;
                    // Another part published: the total has passed exactTotal, and its worst bounds this part's too.
                    var others = shared.Bound(part);
                    if (others > float.NegativeInfinity)
                    {
                        pruning = true;
                        threshold = Math.Max(threshold, others);
                    }
                }
                leading = 0;
                while (pruning && leading < optional.Count && requiredCeiling + below[leading + 1] <= threshold)
                {
                    leading++;
                }
                if (pruning && requiredCeiling + below[optional.Count] <= threshold)
                {
                    break; // nothing left in this segment can pass the worst of the best
                }
            }
            // Otherwise, until some optional clauses can be left out, the required clauses and the group lead (fewer papers).
            var leaders = anyOptional || (leading > 0 && leading < optional.Count) ? leading : optional.Count;
            doc = Next(doc + 1, meet, group, groupMin, optional, leaders);
            if (doc >= to)
            {
                break;
            }
            // A paper found by a phrase's words alone (their positions not near enough) matches nothing: not counted.
            var matched = !anyOptional;
            var score = 0f;
            foreach (var r in required)
            {
                score += r.Matches(out var s) ? s : 0f;
            }
            for (var j = leading; j < optional.Count; j++)
            {
                if (optional[j].AdvanceTo(doc) == doc && optional[j].Matches(out var s))
                {
                    score += s;
                    matched = true;
                }
            }
            var competitive = true;
            for (var j = leading - 1; j >= 0; j--)
            {
                if (pruning && score + below[j + 1] <= threshold)
                {
                    competitive = false;
                    break;
                }
                if (optional[j].AdvanceTo(doc) == doc && optional[j].Matches(out var s))
                {
                    score += s;
                    matched = true;
                }
            }
            counted += matched ? 1 : 0;
            if (competitive && matched)
            {
                best.Offer(leaf.DocBase + doc, score);
            }
        }
        return counted;
    }

    /// <summary>
    /// The most <paramref name="query"/> can add to a paper's score under <paramref name="boost"/>: BM25 tends to idf ×
    /// boost × (k1 + 1) as a term's frequency grows (a phrase's idf is its terms' added up; coordination only lowers a
    /// boolean query's sum). Infinity for any other kind of query, which then always leads.
    /// </summary>
    internal static float Ceiling(IndexSearcher searcher, Query query, float boost)
    {
        boost *= query.Boost;
        switch (query)
        {
            case TermQuery term:
                return TermsCeiling(searcher, term.Term.Field, [term.Term], boost);
            case PhraseQuery phrase:
                var terms = phrase.GetTerms();
                return terms.Length == 0 ? 0f : TermsCeiling(searcher, terms[0].Field, terms, boost);
            case BooleanQuery boolean:
                var sum = 0f;
                foreach (var clause in boolean.Clauses.Where(c => c.Occur != Occur.MUST_NOT))
                {
                    sum += Ceiling(searcher, clause.Query, boost);
                }
                return sum;
            default:
                return float.PositiveInfinity;
        }
    }

    private static float TermsCeiling(IndexSearcher searcher, string field, Term[] terms, float boost, Func<Term, long>? docFreqs = null)
    {
        if (searcher.Similarity is not PerFieldSimilarityWrapper perField || perField.Get(field) is not BM25Similarity bm25)
        {
            return float.PositiveInfinity;
        }
        var maxDoc = searcher.CollectionStatistics(field).MaxDoc;
        var idf = 0.0;
        foreach (var term in terms)
        {
            var docFreq = docFreqs?.Invoke(term) ?? searcher.IndexReader.DocFreq(term);
            if (docFreq == 0)
            {
                continue; // a phrase with a term no paper holds matches nothing; a term alone scores nothing
            }
            idf += Math.Log(1 + ((maxDoc - docFreq + 0.5) / (docFreq + 0.5)));
        }
        return (float)(idf * boost * (bm25.K1 + 1) * (1 + Margin));
    }
}
