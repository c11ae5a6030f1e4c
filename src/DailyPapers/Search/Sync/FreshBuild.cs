using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace DailyPapers.Search.Sync;

/// <summary>
/// The papers a build from an empty keyword index has been given so far (64-bit hashes of their ids, ~20 bytes a
/// paper, dropped when the catch-up ends). A paper not among them cannot be in the index, so it is added without a
/// delete term (<see cref="Keyword.KeywordIndex.Add"/>): Lucene then looks up no id in the older segments at each
/// commit. A paper that comes again (changed during the build) is an update; two ids with the same hash only make
/// the second an update too, which is always correct.
/// </summary>
internal sealed class FreshBuild
{
    private readonly HashSet<ulong> _given = [];

    /// <summary>True the first time <paramref name="id"/> comes (then it counts as given).</summary>
    public bool FirstTime(string id) => _given.Add(Hash(id));

    // XXH3 of the id's UTF-16 code units, as the snapshot manifest checksums its files.
    private static ulong Hash(string id) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(id.AsSpan()));
}
