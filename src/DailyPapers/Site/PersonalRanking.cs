using DailyPapers.Digest.Subscriptions;
using DailyPapers.Recommendations;

namespace DailyPapers.Site;

/// <summary>A reader's ranking as a page shows it, and whether the reader has given anything to learn from.</summary>
/// <param name="Papers">The papers in the catalogue, best first for the reader, each with its reason.</param>
/// <param name="HasSignals">Whether the reader has upvoted, saved, imported, claimed or picked a topic: without, pages say how to start.</param>
public sealed record PersonalRanked(IReadOnlyList<RankedPaper> Papers, bool HasSignals);

/// <summary>
/// A signed-in reader's ranking of any papers, as the pages show it (<c>/for-you</c>, <c>/new</c> for you): the
/// <see cref="Recommender"/> with the reader's signals and the topics of their digest subscription, each read once per
/// ranking. The topics are Digest's, which sits above Recommendations, so the pages join the two here.
/// </summary>
public sealed class PersonalRanking(Recommender recommender, ReaderSignals signals, SubscriptionStore subscriptions)
{
    /// <summary>
    /// Those of <paramref name="arxivIds"/> in the catalogue ranked for the reader, and whether the reader has signals;
    /// with <paramref name="onlyWithSignals"/>, a reader without any gets no ranking (an empty list) and nothing is ranked.
    /// </summary>
    public async Task<PersonalRanked> RankAsync(long userId, IReadOnlyCollection<string> arxivIds, bool onlyWithSignals = false, CancellationToken ct = default)
    {
        var readerSignals = await signals.ForReaderAsync(userId, ct);
        var topics = await subscriptions.TopicsOfReaderAsync(userId, ct);
        var hasSignals = readerSignals.Any(s => s.Kind != SignalKind.NotInterested) || topics.Count > 0;
        return onlyWithSignals && !hasSignals
            ? new PersonalRanked([], false)
            : new PersonalRanked(await recommender.RankForReaderAsync(userId, arxivIds, topics, readerSignals, ct), hasSignals);
    }
}
