using Lucene.Net.Search;
using Lucene.Net.Util;

namespace DailyPapers.Search.Keyword;

// The next candidate paper: where the required clauses, the group and the leading optional clauses meet.
internal static partial class TopScoring
{
    /// <summary>
    /// The first paper at or after <paramref name="target"/> that every required clause matches, <paramref name="groupMin"/>
    /// of the group (if any) match, and, when <paramref name="leading"/> is below the optional clauses' count, one of optional[leading..].
    /// </summary>
    private static int Next(int target, List<Cursor> required, List<Cursor> group, int groupMin, List<Cursor> optional, int leading)
    {
        while (true)
        {
            var doc = target;
            if (leading < optional.Count)
            {
                doc = First(optional, leading, target);
            }
            if (doc != DocIdSetIterator.NO_MORE_DOCS && group.Count > 0)
            {
                var any = groupMin <= 1 ? First(group, 0, doc) : AtLeast(group, groupMin, doc);
                if (any != doc && leading < optional.Count)
                {
                    target = any; // the leaders catch up to the group
                    if (any == DocIdSetIterator.NO_MORE_DOCS)
                    {
                        return any;
                    }
                    continue;
                }
                doc = any;
            }
            if (doc == DocIdSetIterator.NO_MORE_DOCS || required.Count == 0)
            {
                return doc;
            }
            var all = doc;
            for (var i = 0; i < required.Count;)
            {
                var at = required[i].AdvanceTo(all);
                if (at == DocIdSetIterator.NO_MORE_DOCS)
                {
                    return at;
                }
                if (at > all)
                {
                    all = at;
                    i = 0;
                    continue;
                }
                i++;
            }
            if (all == doc)
            {
                return all;
            }
            target = all; // the leaders and the group catch up to where the required clauses meet
        }
    }

    /// <summary>
    /// The first paper at or after <paramref name="target"/> that at least <paramref name="least"/> of the cursors match:
    /// with them sorted by paper, none before the least-th can be matched by that many, so the ones behind it move to it.
    /// </summary>
    private static int AtLeast(List<Cursor> cursors, int least, int target)
    {
        Span<int> docs = stackalloc int[cursors.Count];
        while (true)
        {
            for (var j = 0; j < cursors.Count; j++)
            {
                docs[j] = cursors[j].Lead(target);
            }
            docs.Sort();
            target = docs[least - 1];
            if (target == DocIdSetIterator.NO_MORE_DOCS || docs[0] == target)
            {
                return target;
            }
        }
    }

    /// <summary>The first paper at or after <paramref name="target"/> that one of cursors[from..] matches.</summary>
    private static int First(List<Cursor> cursors, int from, int target)
    {
        var doc = DocIdSetIterator.NO_MORE_DOCS;
        for (var j = from; j < cursors.Count; j++)
        {
            doc = Math.Min(doc, cursors[j].Lead(target));
        }
        return doc;
    }
}
