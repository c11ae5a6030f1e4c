using Dapper;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Papers;
using DailyPapers.Recommendations;
using DailyPapers.Search;
using DailyPapers.Search.Semantic;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Curation;

/// <summary>How interesting a day's papers are to the instance's readers, and over whom that was summed.</summary>
public sealed record InterestMeasure(IReadOnlyDictionary<string, double> Interest, int Readers, int Subscriptions);

/// <summary>
/// Instance-wide interest in new papers: summed over active readers, each reader's model (<see cref="LinearPreference"/>,
/// the digest's model before the recommender, trained on their upvotes and saved papers) as a probability from 0 to 1, plus
/// one for each active digest subscription with a topic that matches the paper (<see cref="TopicMatch"/>). A site
/// without readers measures 0 everywhere, and the curation falls back to categories and recency.
/// </summary>
public sealed class InstanceInterest(
    Database database, ReaderSignals signals, EmbeddingStore embeddings, SearchIndexes indexes, TimeProvider clock, IOptions<CurationOptions> options,
    ILogger<InstanceInterest> logger)
{
    /// <summary>At most this many active readers are summed (the most recently active): a bound on a day's training.</summary>
    public const int MaxReaders = 2000;

    /// <summary>A random sample of the catalogue this large is what a reader's model tells their papers from.</summary>
    public const int NegativeSample = 256;

    /// <summary>At most this many of a reader's papers teach their model (a whole imported library adds little more).</summary>
    private const int MaxLiked = 1000;

    public async Task<InterestMeasure> MeasureAsync(IReadOnlyList<Paper> papers, CancellationToken ct = default)
    {
        var interest = papers.ToDictionary(p => p.ArxivId, _ => 0.0, StringComparer.Ordinal);
        var subscriptions = await AddTopicMatchesAsync(papers, interest, ct);
        var readers = await AddReaderModelsAsync(papers, interest, ct);
        return new InterestMeasure(interest, readers, subscriptions);
    }

    /// <summary>One for each active subscription with a topic that matches; each distinct topic is matched once.</summary>
    private async Task<int> AddTopicMatchesAsync(IReadOnlyList<Paper> papers, Dictionary<string, double> interest, CancellationToken ct)
    {
        List<string> stored;
        await using (var connection = await database.OpenAsync(ct))
        {
            stored = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT topics FROM digest_subscriptions WHERE status = 'active' AND topics <> ''", cancellationToken: ct))).ToList();
        }
        var matches = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var topics in stored)
        {
            var matched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var topic in SubscriptionTopics.Load(topics))
            {
                if (!matches.TryGetValue(topic, out var ids))
                {
                    var match = new TopicMatch(topic);
                    matches[topic] = ids = papers.Where(match.Matches).Select(p => p.ArxivId).ToHashSet(StringComparer.Ordinal);
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

    /// <summary>Each active reader's model's probability that a paper is for them; papers not embedded yet are embedded here, not stored.</summary>
    private async Task<int> AddReaderModelsAsync(IReadOnlyList<Paper> papers, Dictionary<string, double> interest, CancellationToken ct)
    {
        var readers = await ActiveReadersAsync(ct);
        if (readers.Count == 0)
        {
            return 0;
        }
        var model = indexes.Embedder.Model.Name;
        var liked = new Dictionary<long, IReadOnlyList<string>>();
        foreach (var reader in readers)
        {
            liked[reader] = (await signals.ForReaderAsync(reader, ct))
                .Where(s => s.Kind is SignalKind.Upvoted or SignalKind.Saved or SignalKind.Imported)
                .Select(s => s.ArxivId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(MaxLiked).ToList();
        }
        var known = await embeddings.VectorsAsync(model, liked.Values.SelectMany(l => l).ToList(), ct);
        if (known.Count == 0)
        {
            return 0;
        }
        var day = papers.Select(p => p.ArxivId).ToHashSet(StringComparer.Ordinal);
        var candidates = await CandidateVectorsAsync(model, papers, ct);
        // The typical paper: a sample of the catalogue without the papers being ranked (they must not be taught as "not for you").
        var sample = (await embeddings.SampleAsync(model, NegativeSample + day.Count, ct)).Where(s => !day.Contains(s.Id)).ToList();
        var summed = 0;
        foreach (var reader in readers)
        {
            ct.ThrowIfCancellationRequested();
            var likedSet = liked[reader].ToHashSet(StringComparer.Ordinal);
            var positives = liked[reader].Where(known.ContainsKey).Select(id => known[id]).ToList();
            var negatives = sample.Where(s => !likedSet.Contains(s.Id)).Select(s => s.Vector).Take(NegativeSample).ToList();
            if (positives.Count == 0 || negatives.Count == 0)
            {
                continue;
            }
            var preference = LinearPreference.Train(positives, negatives);
            foreach (var (id, vector) in candidates)
            {
                if (!likedSet.Contains(id))
                {
                    interest[id] += 1 / (1 + Math.Exp(-preference.Score(vector)));
                }
            }
            summed++;
        }
        return summed;
    }

    private async Task<IReadOnlyList<(string Id, float[] Vector)>> CandidateVectorsAsync(string model, IReadOnlyList<Paper> papers, CancellationToken ct)
    {
        var stored = await embeddings.VectorsAsync(model, papers.Select(p => p.ArxivId).ToList(), ct);
        var missing = papers.Where(p => !stored.ContainsKey(p.ArxivId)).ToList();
        var vectors = papers.Where(p => stored.ContainsKey(p.ArxivId)).Select(p => (p.ArxivId, stored[p.ArxivId])).ToList();
        if (missing.Count > 0)
        {
            // Right after a harvest the embedding job has not reached the day's papers yet.
            logger.LogInformation("Embedding {Count} new papers for the curation", missing.Count);
            var embedded = indexes.Embedder.EmbedDocuments(missing.Select(p => TextEmbedder.DocumentText(p.Title, p.Abstract)).ToList(), ct);
            vectors.AddRange(missing.Select((p, i) => (p.ArxivId, embedded[i])));
        }
        return vectors;
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
