using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// An optional phrase clause (the title phrase, the proximity clause) scored at the papers <see cref="TopScoring"/>
/// asks about, not searched for. Lucene 4.8's phrase scorer, asked to move to a paper, goes on through every later
/// paper that holds all the phrase's words until their positions match: a long query's proximity clause (its words
/// within a few positions of each other) matches almost nowhere, so the first paper it was asked about cost a pass
/// over the postings and positions of all its words to the end of the index (a third of a 5–8 word query's time at 2.8
/// million papers). Here a paper is first checked to hold every word (the words' postings moved to it through their
/// skip lists); only then is the phrase scored there, by Lucene's own phrase scorer over a view of the segment in which
/// the words' postings hold that one paper, so the frequency and score are exactly Lucene's.
/// </summary>
internal sealed class PhraseAtDoc
{
    private readonly Window[] _windows; // one per position of the phrase, in the query's order
    private readonly Window[] _byFrequency; // the same, rarest first (which paper holds them all)
    private readonly Weight _weight;
    private readonly AtomicReaderContext _view;
    private readonly Func<Scorer?> _scan;
    private Scorer? _scanner;
    private bool _scanned;
    private int _scored = -1;
    private float _score;
    private bool _matched;

    private PhraseAtDoc(Window[] windows, Weight weight, AtomicReaderContext view, Func<Scorer?> scan)
    {
        _scan = scan;
        _windows = windows;
        _byFrequency = windows.OrderBy(w => w.DocFreq).ToArray();
        _weight = weight;
        _view = view;
    }

    /// <summary>
    /// Phrases of at least this many words find the papers they match themselves when they lead; shorter ones through
    /// Lucene's scorer (two or three words are together in many papers, and Lucene's scorer costs less per paper).
    /// </summary>
    private const int ScoredHereFrom = 4;

    /// <summary>The paper the cursor is on: it holds every word of the phrase (−1 before the first move).</summary>
    public int Doc { get; private set; } = -1;

    /// <summary>
    /// The phrase over one segment, its statistics (and so its score) those of <paramref name="searcher"/>'s whole index
    /// (<paramref name="statistics"/>: its words', looked up once a query by <see cref="WordStatistics"/>); null when a
    /// word is in no paper of the segment. <paramref name="scan"/> makes Lucene's scorer of the phrase over the segment,
    /// which finds its papers while the phrase leads (<see cref="Lead"/>).
    /// </summary>
    public static PhraseAtDoc? Create(IndexSearcher searcher, IReadOnlyDictionary<Term, TermStatistics> statistics, PhraseQuery phrase, AtomicReaderContext leaf, Func<Scorer?> scan)
    {
        var terms = phrase.GetTerms();
        var field = terms[0].Field;
        var fieldTerms = leaf.AtomicReader.GetTerms(field);
        if (fieldTerms is null)
        {
            return null;
        }
        var windows = new Window[terms.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            var te = fieldTerms.GetEnumerator();
            if (!te.SeekExact(terms[i].Bytes) || te.DocsAndPositions(leaf.AtomicReader.LiveDocs, null, DocsAndPositionsFlags.NONE) is not { } postings)
            {
                return null;
            }
            windows[i] = new Window(terms[i].Bytes, te.DocFreq, postings);
        }
        // Never disposed: disposing a filter reader closes the segment it wraps (the searcher's, still in use).
#pragma warning disable CA2000
        var view = new SegmentView(leaf.AtomicReader, field, windows);
#pragma warning restore CA2000
        var viewSearcher = new StatisticsOf(view, searcher, statistics);
        return new PhraseAtDoc(windows, viewSearcher.CreateNormalizedWeight(phrase), (AtomicReaderContext)viewSearcher.TopReaderContext, scan);
    }

    /// <summary>
    /// Moves to the first paper at or after <paramref name="target"/> the phrase matches, found by Lucene's scorer: while
    /// the phrase leads (is one of the clauses a paper must match one of), its papers are wanted wherever they are.
    /// </summary>
    public int Lead(int target)
    {
        if (_windows.Length >= ScoredHereFrom)
        {
            // Few papers hold every word of a long phrase: finding them rarest word first, scoring it at each, beats
            // Lucene's scorer (which moves its words in turn).
            for (var doc = Doc >= target ? Doc : NextHoldingAll(target); ; doc = NextHoldingAll(doc + 1))
            {
                if (doc == DocIdSetIterator.NO_MORE_DOCS || TryScore(out _))
                {
                    return doc;
                }
            }
        }
        if (!_scanned)
        {
            _scanned = true;
            _scanner = _scan();
        }
        if (_scanner is null)
        {
            return Doc = DocIdSetIterator.NO_MORE_DOCS;
        }
        return Doc = _scanner.DocID >= target ? _scanner.DocID : _scanner.Advance(target);
    }

    /// <summary>
    /// Moves to <paramref name="target"/> if it holds every word of the phrase, or else past it, no further than the first
    /// paper one of the words is in (never back): the phrase is asked about one paper, not searched for.
    /// </summary>
    public int AdvanceTo(int target)
    {
        if (Doc >= target)
        {
            return Doc;
        }
        if (_scanner is not null && _scanner.DocID >= target)
        {
            return Doc = _scanner.DocID; // the phrase led this far: no paper before that matches it
        }
        foreach (var window in _byFrequency)
        {
            var at = window.AdvanceTo(target);
            if (at > target)
            {
                return Doc = at; // no paper before this one holds that word
            }
        }
        return Doc = target;
    }

    /// <summary>The first paper at or after <paramref name="target"/> holding every word of the phrase, its rarest word leading.</summary>
    private int NextHoldingAll(int target)
    {
        var doc = target;
        for (var i = 0; i < _byFrequency.Length;)
        {
            var at = _byFrequency[i].AdvanceTo(doc);
            if (at == DocIdSetIterator.NO_MORE_DOCS)
            {
                return Doc = at;
            }
            if (at > doc)
            {
                doc = at;
                i = 0;
                continue;
            }
            i++;
        }
        return Doc = doc;
    }

    /// <summary>The phrase's score at <see cref="Doc"/>, or false when the words are there but not near enough.</summary>
    public bool TryScore(out float score)
    {
        if (_scanner is not null && _scanner.DocID == Doc)
        {
            score = _scanner.GetScore();
            return true;
        }
        if (_scored != Doc)
        {
            _scored = Doc;
            _matched = HoldsAll(Doc);
            if (_matched)
            {
                foreach (var window in _windows)
                {
                    window.Open();
                }
                var scorer = _weight.GetScorer(_view, null);
                _matched = scorer is not null && scorer.NextDoc() == Doc;
                _score = _matched ? scorer!.GetScore() : 0f;
            }
        }
        score = _score;
        return _matched;
    }

    private bool HoldsAll(int doc)
    {
        foreach (var window in _byFrequency)
        {
            if (window.AdvanceTo(doc) != doc)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>One word's postings over the segment, and the one-paper view of them the phrase scorer reads.</summary>
    internal sealed class Window(BytesRef term, int docFreq, DocsAndPositionsEnum postings)
    {
        public BytesRef Term { get; } = term;
        public int DocFreq { get; } = docFreq;
        public DocsAndPositionsEnum Postings { get; } = postings;
        private bool _open;

        public int AdvanceTo(int target) => Postings.DocID >= target ? Postings.DocID : Postings.Advance(target);

        /// <summary>Lets the next view read the paper the postings are on (its positions are read once).</summary>
        public void Open() => _open = true;

        public OnePaper View()
        {
            var paper = _open ? Postings.DocID : DocIdSetIterator.NO_MORE_DOCS;
            _open = false;
            return new OnePaper(this, paper);
        }
    }

    /// <summary>A word's postings holding one paper: the positions are the real postings' at that paper.</summary>
    internal sealed class OnePaper(Window window, int paper) : DocsAndPositionsEnum
    {
        private int _doc = -1;

        public override int DocID => _doc;
        public override int Freq => window.Postings.Freq;
        public override int NextDoc() => _doc = _doc == -1 ? paper : DocIdSetIterator.NO_MORE_DOCS;
        public override int Advance(int target) => _doc = _doc == -1 && target <= paper ? paper : DocIdSetIterator.NO_MORE_DOCS;
        public override long GetCost() => 1;
        public override int NextPosition() => window.Postings.NextPosition();
        public override int StartOffset => window.Postings.StartOffset;
        public override int EndOffset => window.Postings.EndOffset;
        public override BytesRef? GetPayload() => window.Postings.GetPayload();
    }

    /// <summary>The segment with the phrase's field answering from the windows: the phrase weight's k-th word gets the k-th window.</summary>
    private sealed class SegmentView(AtomicReader segment, string phraseField, Window[] windows) : FilterAtomicReader(segment)
    {
        private ViewFields? _fields;

        public override Fields Fields => _fields ??= new ViewFields(m_input.Fields, phraseField, windows);

        private sealed class ViewFields(Fields fields, string phraseField, Window[] windows) : FilterFields(fields)
        {
            private ViewTerms? _terms;

            public override Terms GetTerms(string name) =>
                name != phraseField ? m_input.GetTerms(name) : _terms ??= new ViewTerms(m_input.GetTerms(name), windows);
        }

        private sealed class ViewTerms(Terms terms, Window[] windows) : FilterTerms(terms)
        {
            private TermsEnum? _dictionary;

            // One real enumerator serves every view: the phrase scorer's lookups only pick windows.
            public override TermsEnum GetEnumerator() => new ViewTermsEnum(_dictionary ??= m_input.GetEnumerator(), windows);
        }

        private sealed class ViewTermsEnum(TermsEnum terms, Window[] windows) : FilterTermsEnum(terms)
        {
            private int _next;
            private Window? _current;

            // Statistics are the whole index's (StatisticsOf); the weight's term lookups go to the real dictionary.
            public override void SeekExact(BytesRef term, TermState state)
            {
                _current = windows[_next++];
                if (!_current.Term.BytesEquals(term))
                {
                    throw new InvalidOperationException("The phrase's words were asked for out of order.");
                }
            }

            public override int DocFreq => _current?.DocFreq ?? base.DocFreq;

            public override DocsAndPositionsEnum DocsAndPositions(IBits? liveDocs, DocsAndPositionsEnum? reuse, DocsAndPositionsFlags flags) =>
                _current?.View() ?? base.DocsAndPositions(liveDocs, reuse, flags);
        }
    }

    /// <summary>
    /// The whole index's statistics of each of a phrase's words: looked up once a query, where the clause is made, and
    /// handed to the phrase's view of every segment (building a word's statistics reads every segment's dictionary).
    /// </summary>
    public static IReadOnlyDictionary<Term, TermStatistics> WordStatistics(IndexSearcher searcher, PhraseQuery phrase)
    {
        var statistics = new Dictionary<Term, TermStatistics>();
        foreach (var term in phrase.GetTerms())
        {
            if (!statistics.ContainsKey(term))
            {
                statistics[term] = searcher.TermStatistics(term, TermContext.Build(searcher.TopReaderContext, term));
            }
        }
        return statistics;
    }

    /// <summary>A searcher over the view whose term and field statistics are another searcher's (the whole index's).</summary>
    private sealed class StatisticsOf : IndexSearcher
    {
        private readonly IndexSearcher _index;
        private readonly IReadOnlyDictionary<Term, TermStatistics> _words;

        public StatisticsOf(AtomicReader view, IndexSearcher index, IReadOnlyDictionary<Term, TermStatistics> words)
            : base(view)
        {
            _index = index;
            _words = words;
            Similarity = index.Similarity;
        }

        public override TermStatistics TermStatistics(Term term, TermContext context) => _words[term];

        public override CollectionStatistics CollectionStatistics(string field) => _index.CollectionStatistics(field);
    }
}
