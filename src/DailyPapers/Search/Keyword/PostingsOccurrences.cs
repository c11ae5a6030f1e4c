using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// Where a query's words are in given papers, read from the postings of the query's terms, which store positions and
/// offsets (as Lucene's postings highlighter reads them): nothing is analysed again and no per-paper term vectors
/// are decoded. <see cref="KeywordIndex.Highlight"/> marks titles and snippets with it.
/// </summary>
internal static class PostingsOccurrences
{
    /// <summary>The live documents of this segment holding the ids not found yet, in document order.</summary>
    public static SortedList<int, string> FindDocs(AtomicReader reader, List<string> ids, Dictionary<string, HighlightedText> found)
    {
        var docs = new SortedList<int, string>();
        var terms = reader.GetTerms(KeywordFields.Id)?.GetEnumerator();
        if (terms is null)
        {
            return docs;
        }
        var live = reader.LiveDocs;
        DocsEnum? postings = null;
        foreach (var id in ids)
        {
            if (found.ContainsKey(id) || !terms.SeekExact(new BytesRef(id)))
            {
                continue;
            }
            postings = terms.Docs(live, postings, DocsFlags.NONE);
            if (postings.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
            {
                docs[postings.DocID] = id;
            }
        }
        return docs;
    }

    /// <summary>
    /// Where each unit (a term, or a phrase's terms at their positions) occurs in each of <paramref name="docs"/>
    /// (ascending), read from the terms' postings; rarer terms weigh more, so the snippet prefers them.
    /// </summary>
    public static Dictionary<int, List<TextMatch>> Find(
        AtomicReader reader, string field, List<List<(string Term, int Position)>> units, IList<int> docs, int numDocs)
    {
        var matches = new Dictionary<int, List<TextMatch>>();
        var terms = reader.GetTerms(field)?.GetEnumerator();
        if (terms is null || units.Count == 0)
        {
            return matches;
        }
        // Each distinct term once: its positions and offsets in each document, and its weight.
        var found = new Dictionary<string, TermOccurrences>(StringComparer.Ordinal);
        DocsAndPositionsEnum? postings = null;
        foreach (var term in units.SelectMany(u => u).Select(t => t.Term).Distinct(StringComparer.Ordinal))
        {
            if (!terms.SeekExact(new BytesRef(term)))
            {
                continue;
            }
            var weight = (float)Math.Log(1 + (numDocs / (double)(terms.DocFreq + 1)));
            postings = terms.DocsAndPositions(null, postings, DocsAndPositionsFlags.OFFSETS);
            if (postings is null)
            {
                continue; // a segment written before offsets were indexed
            }
            var where = new Dictionary<int, List<Occurrence>>();
            foreach (var doc in docs)
            {
                if (postings.DocID < doc && postings.Advance(doc) == DocIdSetIterator.NO_MORE_DOCS)
                {
                    break;
                }
                if (postings.DocID != doc)
                {
                    continue;
                }
                var list = new List<Occurrence>(postings.Freq);
                for (var i = 0; i < postings.Freq; i++)
                {
                    list.Add(new Occurrence(postings.NextPosition(), postings.StartOffset, postings.EndOffset));
                }
                where[doc] = list;
            }
            found[term] = new TermOccurrences(where, weight);
        }
        for (var u = 0; u < units.Count; u++)
        {
            var unit = units[u];
            if (!unit.All(t => found.ContainsKey(t.Term)))
            {
                continue;
            }
            var weight = unit.Sum(t => found[t.Term].Weight);
            foreach (var (doc, occurrences) in found[unit[0].Term].Where)
            {
                foreach (var occurrence in occurrences)
                {
                    var end = PhraseEnd(found, unit, doc, occurrence);
                    if (end >= 0)
                    {
                        (matches.TryGetValue(doc, out var list) ? list : matches[doc] = []).Add(new TextMatch(occurrence.Start, end, u, weight));
                    }
                }
            }
        }
        return matches;
    }

    /// <summary>Where a unit starting at <paramref name="first"/> ends, or -1 when its other terms are not at their places after it.</summary>
    private static int PhraseEnd(Dictionary<string, TermOccurrences> found, List<(string Term, int Position)> unit, int doc, Occurrence first)
    {
        var end = first.End;
        for (var i = 1; i < unit.Count; i++)
        {
            var position = first.Position + unit[i].Position - unit[0].Position;
            var occurrences = found[unit[i].Term].Where.GetValueOrDefault(doc);
            var at = occurrences?.FindIndex(o => o.Position == position) ?? -1;
            if (at < 0)
            {
                return -1;
            }
            end = Math.Max(end, occurrences![at].End);
        }
        return end;
    }

    /// <summary>
    /// The matches that lie within the <paramref name="length"/> characters from <paramref name="start"/> of a field
    /// that joins several texts, their offsets made relative to that text.
    /// </summary>
    public static List<TextMatch> Within(List<TextMatch> matches, int start, int length) =>
        matches.Where(m => m.Start >= start && m.End <= start + length).Select(m => m with { Start = m.Start - start, End = m.End - start }).ToList();

    private readonly record struct Occurrence(int Position, int Start, int End);

    private sealed record TermOccurrences(Dictionary<int, List<Occurrence>> Where, float Weight);

    /// <summary>A document's text from a binary doc-values field (empty when the segment lacks the field).</summary>
    public static string Text(BinaryDocValues? values, int doc, BytesRef bytes)
    {
        if (values is null)
        {
            return "";
        }
        values.Get(doc, bytes);
        return bytes.Utf8ToString();
    }
}
