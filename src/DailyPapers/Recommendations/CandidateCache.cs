using DailyPapers.Recommendations.Model;
using DailyPapers.Search.Semantic;
using DailyPapers.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace DailyPapers.Recommendations;

/// <summary>
/// Prepared candidates kept between requests: <c>/for-you</c> ranks the same week, and <c>/new?sort=for-you</c> the same
/// day, for every reader who asks, so the papers' facts, words and vectors are read and prepared once instead of per
/// request. A set is kept for its list of ids while the vector index and the recommender's space stand; after a change
/// of the database's <see cref="ContentVersion"/> (papers, votes, lists, hiding) it serves for up to
/// <see cref="Refresh"/> after its preparation, then the next request prepares it afresh. A site where readers vote
/// every second so prepares each set once per <see cref="Refresh"/> instead of once per vote; new papers change the
/// list of ids, so they never wait. Only candidates are kept: every ranking reads the reader's signals and builds their
/// model anew, so a vote, a save or a "not interested" shows in the reader's next ranking.
/// </summary>
public sealed class CandidateCache(ContentVersion contentVersion, TimeProvider clock) : IDisposable
{
    /// <summary>Candidates kept over all sets (a harvested week of five categories is about 4,000; a few MB per thousand).</summary>
    public const int Capacity = 20_000;

    /// <summary>How long a set prepared before a change of the content (votes, a corrected title, a hidden paper) still serves.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(10);

    private readonly MemoryCache _sets = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });
    private readonly Lock _gate = new();

    /// <summary>What a kept set was prepared from: equal states give an equal set.</summary>
    private sealed record State(long Content, VectorIndex Vectors, long VectorVersion, PaperSpace Space);

    private sealed record Kept(State State, DateTimeOffset PreparedAt, Task<CandidateSet> Set);

    /// <summary>
    /// The set of <paramref name="ids"/> kept for this state of the vectors and space, or <paramref name="prepare"/>'s.
    /// Requests that miss at once share one preparation, which a request giving up does not cancel.
    /// </summary>
    public async Task<CandidateSet> GetAsync(IReadOnlyCollection<string> ids, VectorIndex vectors, PaperSpace space,
        Func<CancellationToken, Task<CandidateSet>> prepare, CancellationToken ct)
    {
        // Read before the papers, so a set is never kept under a newer version than its own.
        var state = new State(await contentVersion.CurrentAsync(ct), vectors, vectors.Version, space);
        var key = string.Join(' ', ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var now = clock.GetUtcNow();
        Kept kept;
        lock (_gate)
        {
            if (_sets.TryGetValue(key, out Kept? found) && found is not null && Serves(found, state, now))
            {
                kept = found;
            }
            else
            {
                kept = new Kept(state, now, Task.Run(() => prepare(CancellationToken.None), CancellationToken.None));
                _sets.Set(key, kept, new MemoryCacheEntryOptions { Size = Math.Max(1, ids.Count) });
            }
        }
        return await kept.Set.WaitAsync(ct);
    }

    /// <summary>A set serves its own state, and a later content version for <see cref="Refresh"/> if it was prepared well.</summary>
    private static bool Serves(Kept kept, State state, DateTimeOffset now) =>
        !kept.Set.IsFaulted && !kept.Set.IsCanceled
        && (kept.State == state
            || (kept.State with { Content = state.Content } == state && now - kept.PreparedAt < Refresh && kept.Set.IsCompletedSuccessfully));

    public void Dispose() => _sets.Dispose();
}
