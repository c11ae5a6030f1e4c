using DailyPapers.Digest.Assembly;
using DailyPapers.Papers;

namespace DailyPapers.Digest.Delivery;

/// <summary>
/// The papers of a run's digests, loaded and rendered once (<see cref="DigestMail.Block"/>): thousands of digests
/// share a few dozen papers, and rendering one (LaTeX to Unicode, cutting, encoding) costs far more than copying it.
/// </summary>
public sealed class DigestPaperCache(PaperStore papers, string baseUrl, int abstractLength)
{
    private readonly Dictionary<string, DigestPaperBlock?> _blocks = new(StringComparer.Ordinal);

    /// <summary>Loads the papers of these items (and the liked papers behind personal picks) not loaded yet.</summary>
    public async Task LoadAsync(IEnumerable<DigestItem> items, CancellationToken ct = default)
    {
        var missing = items.SelectMany(Ids).Where(id => !_blocks.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        var loaded = (await papers.GetManyAsync(missing, ct)).ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
        foreach (var id in missing)
        {
            // Papers gone since the digest was planned stay null and are left out.
            _blocks[id] = loaded.TryGetValue(id, out var p) ? DigestMail.Block(p, baseUrl, abstractLength) : null;
        }
    }

    /// <summary>The items whose papers exist, ready to render (call <see cref="LoadAsync"/> first).</summary>
    public IReadOnlyList<DigestMailItem> Items(IEnumerable<DigestItem> items) => items
        .Where(i => _blocks.GetValueOrDefault(i.ArxivId) is not null)
        .Select(i => new DigestMailItem(i, _blocks[i.ArxivId]!,
            i.Section == DigestSection.Personal && i.Reason is { } liked ? _blocks.GetValueOrDefault(liked) : null))
        .ToList();

    private static IEnumerable<string> Ids(DigestItem item) =>
        item.Section == DigestSection.Personal && item.Reason is { } liked ? [item.ArxivId, liked] : [item.ArxivId];
}
