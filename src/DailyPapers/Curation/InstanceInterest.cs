using Dapper;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Recommendations;
using DailyPapers.Recommendations.Model;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Curation;

/// <summary>How interesting a day's papers are to the instance's readers, and over whom that was summed.</summary>
public sealed record InterestMeasure(IReadOnlyDictionary<string, double> Interest, int Readers, int Subscriptions);

/// <summary>
/// Instance-wide interest in new papers: summed over active readers, the score each reader's model gives the paper when
/// the <see cref="Recommender"/> would pick it for them (as for a digest's personal picks: close to their papers or by one
/// of their authors, not theirs already, not marked "not interested"), plus one for each active digest subscription with
/// a topic that matches the paper (<see cref="TopicMatch"/>). Each reader's model is built once per day ranked, over the
/// day's papers prepared once. A site without readers measures 0 everywhere, and the curation falls back to categories
/// and recency.
/// </summary>
public sealed class InstanceInterest(Database database, Recommender recommender, TimeProvider clock, IOptions<CurationOptions> options)
{
    /// <summary>At most this many active readers are summed (the most recently active): a bound on a day's ranking.</summary>
    public const int MaxReaders = 2_000;

    public async Task<InterestMeasure> MeasureAsync(IReadOnlyList<string> arxivIds, CancellationToken ct = default)
    {
        var readers = await ActiveReadersAsync(ct);
        // Vectors matter to readers' models only: without readers, the day's papers the embedding job has not reached are not embedded here.
        var candidates = readers.Count > 0
            ? await recommender.NewlyHarvestedCandidatesAsync(arxivIds, ct)
            : await recommender.CandidatesAsync(arxivIds, ct);
        var interest = arxivIds.ToDictionary(id => id, _ => 0.0, StringComparer.Ordinal);
        var subscriptions = await AddTopicMatchesAsync(candidates, interest, ct);
        var picks = await recommender.PicksForReadersAsync(candidates, readers, candidates.Count, ct);
        foreach (var pick in picks.Values.SelectMany(p => p))
        {
            interest[pick.ArxivId] += Math.Max(0, pick.Score);
        }
        return new InterestMeasure(interest, readers.Count, subscriptions);
    }

    /// <summary>One for each active subscription with a topic that matches; each distinct topic is matched once.</summary>
    private async Task<int> AddTopicMatchesAsync(CandidateSet candidates, Dictionary<string, double> interest, CancellationToken ct)
    {
        List<string> stored;
        await using (var connection = await database.OpenAsync(ct))
        {
            stored = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT topics FROM digest_subscriptions WHERE status = 'active' AND topics <> ''", cancellationToken: ct))).ToList();
        }
        var matches = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var topics in stored)
        {
            var matched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var topic in SubscriptionTopics.Load(topics))
            {
                if (!matches.TryGetValue(topic, out var ids))
                {
                    matches[topic] = ids = new TopicMatch(topic).Among(candidates).ToList();
                }
                matched.UnionWith(ids);
            }
            foreach (var id in matched)
            {
                interest[id] += 1;
            }
        }
        return stored.Count;
    }

    /// <summary>Readers with an upvote or a saved paper in the last <see cref="CurationOptions.ActiveReaderDays"/>, most recently active first.</summary>
    private async Task<IReadOnlyList<long>> ActiveReadersAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.ActiveReaderDays);
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT user_id FROM (SELECT user_id, created_at AS at FROM votes WHERE created_at >= @since " +
            "UNION ALL SELECT c.user_id, i.added_at AS at FROM collection_items i JOIN collections c ON c.id = i.collection_id WHERE i.added_at >= @since) a " +
            "GROUP BY user_id ORDER BY max(at) DESC, user_id LIMIT @limit",
            new { since, limit = MaxReaders }, cancellationToken: ct))).ToList();
    }
}
