using DailyPapers.Digest.Subscriptions;
using DailyPapers.Recommendations;

namespace DailyPapers.Site;

/// <summary>
/// A signed-in reader's ranking of any papers, as the pages show it (<c>/for-you</c>): the <see cref="Recommender"/>
/// with the reader's signals and the topics of their digest subscription. The topics are Digest's, which sits above
/// Recommendations, so the pages join the two here.
/// </summary>
public sealed class PersonalRanking(Recommender recommender, ReaderSignals signals, SubscriptionStore subscriptions)
{
    /// <summary>Those of <paramref name="arxivIds"/> in the catalogue, best first for the reader, each with its reason.</summary>
    public async Task<IReadOnlyList<RankedPaper>> RankAsync(long userId, IReadOnlyCollection<string> arxivIds, CancellationToken ct = default) =>
        await recommender.RankForReaderAsync(userId, arxivIds, await subscriptions.TopicsOfReaderAsync(userId, ct), ct);

    /// <summary>Whether the reader has upvoted, saved, imported, claimed or picked a topic: without, pages say how to start.</summary>
    public async Task<bool> HasSignalsAsync(long userId, CancellationToken ct = default) =>
        (await signals.ForReaderAsync(userId, ct)).Any(s => s.Kind != SignalKind.NotInterested)
        || (await subscriptions.TopicsOfReaderAsync(userId, ct)).Count > 0;
}
