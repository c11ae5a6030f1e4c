using DailyPapers.Digest.Delivery;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Feed;
using DailyPapers.Recommendations;
using DailyPapers.Search;
using Microsoft.Extensions.Options;

namespace DailyPapers.Digest.Assembly;

/// <summary>
/// Decides what each subscriber gets: the period's trending papers, then papers new in the period that match their
/// topics, then personal picks (from the <see cref="Recommender"/>); each paper at most once per digest and once per subscriber across digests.
/// Work shared by all subscribers (the trending list, each topic's search, the candidates of personal picks) is done once per
/// run by <see cref="DigestRun"/>.
/// </summary>
public sealed class DigestBuilder(
    DailyListStore lists,
    SearchService search,
    Recommender recommender,
    DigestOutbox outbox,
    IOptions<DigestOptions> options)
{
    /// <summary>Loads what every digest of <paramref name="period"/> shares.</summary>
    public async Task<DigestRun> StartAsync(DigestPeriod period, CancellationToken ct = default)
    {
        return new DigestRun(this, period, await lists.RankedIdsAsync(period.Lists, ct), options.Value);
    }

    /// <summary>The digests of a batch of subscribers (those with nothing new get an empty plan).</summary>
    internal async Task<IReadOnlyList<DigestPlan>> PlanAsync(DigestRun run, IReadOnlyList<Subscription> batch, CancellationToken ct)
    {
        var candidates = new Dictionary<long, List<DigestItem>>();
        var picks = await run.PersonalPicksAsync(batch.Where(s => s.ForYou && s.UserId is not null).Select(s => s.UserId!.Value).ToList(), ct);
        foreach (var s in batch)
        {
            var list = new List<DigestItem>();
            list.AddRange(run.Trending.Take(run.Options.TrendingCount * 3).Select(id => new DigestItem(id, DigestSection.Trending)));
            foreach (var topic in s.Topics)
            {
                list.AddRange(run.TopicMatches(topic).Select(id => new DigestItem(id, DigestSection.Topic, topic)));
            }
            if (s.ForYou && s.UserId is { } userId)
            {
                list.AddRange(picks[userId]);
            }
            candidates[s.Id] = list;
        }
        var sent = await outbox.AlreadySentAsync(batch.Select(s => s.Id).ToList(),
            candidates.Values.SelectMany(c => c).Select(i => i.ArxivId).Distinct(StringComparer.Ordinal).ToList(), ct);
        return batch.Select(s => new DigestPlan(s.Id, run.Period, Pick(candidates[s.Id], sent.GetValueOrDefault(s.Id), run.Options))).ToList();
    }

    private static List<DigestItem> Pick(List<DigestItem> candidates, IReadOnlySet<string>? sent, DigestOptions o)
    {
        var chosen = new List<DigestItem>();
        var seen = new HashSet<string>(sent ?? (IEnumerable<string>)[], StringComparer.Ordinal);
        var perTopic = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var trending = 0;
        var personal = 0;
        foreach (var item in candidates)
        {
            var room = item.Section switch
            {
                DigestSection.Trending => trending < o.TrendingCount,
                DigestSection.Topic => perTopic.GetValueOrDefault(item.Reason!) < o.TopicCount,
                _ => personal < o.PersonalCount,
            };
            if (!room || !seen.Add(item.ArxivId))
            {
                continue;
            }
            chosen.Add(item);
            switch (item.Section)
            {
                case DigestSection.Trending: trending++; break;
                case DigestSection.Topic: perTopic[item.Reason!] = perTopic.GetValueOrDefault(item.Reason!) + 1; break;
                default: personal++; break;
            }
        }
        return chosen;
    }

    internal SearchService Search => search;
    internal Recommender Recommender => recommender;
}
