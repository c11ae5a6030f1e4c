using System.Collections.Concurrent;
using DailyPapers.Recommendations.Model;
using DailyPapers.Search;
using DailyPapers.Search.Semantic;

namespace DailyPapers.Recommendations;

/// <summary>
/// The one recommender: ranks candidate papers for a reader by the reader's model (<see cref="ReaderModel"/>),
/// each with its reason. Pages rank a week's or a day's papers for one reader, from candidates kept between requests
/// (<see cref="CandidateCache"/>); the digest ranks a period's new papers for thousands of readers, and the curation a
/// day's for the active readers, preparing the candidates once (<see cref="CandidatesAsync(IEnumerable{string}, CancellationToken)"/>)
/// and reading readers' signals a thousand at a time.
/// </summary>
public sealed class Recommender(ReaderSignals signals, PaperFactsReader facts, SearchIndexes indexes, CandidateCache cache, TimeProvider clock)
{
    /// <summary>Readers whose signals and papers are read together.</summary>
    private const int ReaderChunk = 1_000;

    /// <summary>Papers averaged for the catalogue's centre, and how long a centre serves before it is taken again.</summary>
    private const int CentreSample = 2_000;
    private static readonly TimeSpan CentreLifetime = TimeSpan.FromHours(6);

    /// <summary>Below this many vectors the mean is more about the few papers than about the field: no centring.</summary>
    private const int CentreFrom = 200;

    private sealed record SpaceState(PaperSpace Space, int Count, DateTimeOffset At);

    private SpaceState? _space;

    /// <summary>
    /// The entry point for pages: every one of <paramref name="candidateIds"/> in the catalogue (unknown and hidden ones
    /// are left out), best first for the reader, each with its reason. <paramref name="topics"/> are the reader's
    /// saved searches (their digest subscription's; <see cref="TopicMatch"/>): the papers matching one rank higher.
    /// The candidates come from <see cref="CandidateCache"/>; the reader's model is built anew for each ranking, so a
    /// vote, a save or a "not interested" shows in the next one.
    /// </summary>
    public async Task<IReadOnlyList<RankedPaper>> RankForReaderAsync(
        long userId, IReadOnlyCollection<string> candidateIds, IReadOnlyList<string>? topics = null, CancellationToken ct = default) =>
        await RankForReaderAsync(userId, candidateIds, topics, await signals.ForReaderAsync(userId, ct), ct);

    /// <summary>
    /// As <see cref="RankForReaderAsync(long, IReadOnlyCollection{string}, IReadOnlyList{string}?, CancellationToken)"/>, with
    /// the reader's signals already read (a page that also asks whether the reader has any reads them once).
    /// </summary>
    public async Task<IReadOnlyList<RankedPaper>> RankForReaderAsync(
        long userId, IReadOnlyCollection<string> candidateIds, IReadOnlyList<string>? topics, IReadOnlyList<ReaderSignal> readerSignals, CancellationToken ct = default)
    {
        var vectors = indexes.Vectors;
        var space = Space();
        var candidates = await cache.GetAsync(candidateIds, vectors, space, c => PrepareAsync(candidateIds, vectors, space, embedMissing: false, c), ct);
        var matches = TopicMatch.Match(topics ?? [], candidates);
        var known = new Dictionary<long, IReadOnlyList<ReaderSignal>> { [userId] = readerSignals };
        return (await RankAsync(candidates, [userId], int.MaxValue, picksOnly: false, ct, matches, known))[userId];
    }

    /// <summary>The candidates' facts and vectors, read once for any number of readers.</summary>
    public Task<CandidateSet> CandidatesAsync(IEnumerable<string> candidateIds, CancellationToken ct = default) =>
        PrepareAsync(candidateIds, indexes.Vectors, Space(), embedMissing: false, ct);

    /// <summary>
    /// The candidates as <see cref="CandidatesAsync(IEnumerable{string}, CancellationToken)"/> gives them, and papers the
    /// vector index has no vector for yet embedded here (not stored): the curation ranks a day's papers right after
    /// their harvest, before the embedding job reaches them.
    /// </summary>
    public Task<CandidateSet> NewlyHarvestedCandidatesAsync(IEnumerable<string> candidateIds, CancellationToken ct = default) =>
        PrepareAsync(candidateIds, indexes.Vectors, Space(), embedMissing: true, ct);

    /// <summary>
    /// The papers published from <paramref name="from"/> to <paramref name="to"/> (arXiv dates) and <paramref name="also"/>,
    /// prepared as candidates: a digest period's new papers.
    /// </summary>
    public async Task<CandidateSet> CandidatesAsync(DateOnly from, DateOnly to, IEnumerable<string> also, CancellationToken ct = default) =>
        await CandidatesAsync((await facts.PublishedIdsAsync(from, to, ct)).Concat(also), ct);

    /// <summary>
    /// For each reader, up to <paramref name="limit"/> candidates worth recommending on their own: relevant
    /// (<see cref="RankedPaper.Relevant"/>), not already among the reader's papers, not marked "not interested".
    /// </summary>
    public Task<IReadOnlyDictionary<long, IReadOnlyList<RankedPaper>>> PicksForReadersAsync(
        CandidateSet candidates, IReadOnlyCollection<long> userIds, int limit, CancellationToken ct = default) =>
        RankAsync(candidates, userIds, limit, picksOnly: true, ct);

    /// <summary>
    /// The top <paramref name="limit"/> candidates for each reader (a reader without signals gets the fallback
    /// order), ranked on both cores.
    /// </summary>
    public Task<IReadOnlyDictionary<long, IReadOnlyList<RankedPaper>>> RankForReadersAsync(
        CandidateSet candidates, IReadOnlyCollection<long> userIds, int limit, CancellationToken ct = default) =>
        RankAsync(candidates, userIds, limit, picksOnly: false, ct);

    private async Task<IReadOnlyDictionary<long, IReadOnlyList<RankedPaper>>> RankAsync(
        CandidateSet candidates, IReadOnlyCollection<long> userIds, int limit, bool picksOnly, CancellationToken ct,
        IReadOnlyDictionary<string, string>? topics = null, IReadOnlyDictionary<long, IReadOnlyList<ReaderSignal>>? known = null)
    {
        var result = new ConcurrentDictionary<long, IReadOnlyList<RankedPaper>>();
        var papers = new Dictionary<string, ModelPaper>(StringComparer.Ordinal);
        foreach (var chunk in userIds.Distinct().Chunk(ReaderChunk))
        {
            var readers = known ?? await signals.ForReadersAsync(chunk, ct);
            var missing = readers.Values.SelectMany(s => s).Select(s => s.ArxivId).Where(id => !papers.ContainsKey(id));
            foreach (var (id, paper) in await ModelPapersAsync(missing, indexes.Vectors, ct))
            {
                papers[id] = paper;
            }
            Parallel.ForEach(chunk, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, userId =>
            {
                var model = ReaderModel.Build(readers.GetValueOrDefault(userId) ?? [], papers, candidates.Space, topics: topics);
                result[userId] = picksOnly ? model.Picks(candidates, limit) : model.Rank(candidates, limit);
            });
        }
        return result;
    }

    private async Task<CandidateSet> PrepareAsync(IEnumerable<string> ids, VectorIndex vectors, PaperSpace space, bool embedMissing, CancellationToken ct)
    {
        var papers = (await ModelPapersAsync(ids, vectors, ct)).Values.ToArray();
        var missing = embedMissing ? Enumerable.Range(0, papers.Length).Where(i => papers[i].Vector is null).ToList() : [];
        if (missing.Count > 0)
        {
            // The text the embedding job embeds (PaperFacts holds the display text it reads).
            var embedded = indexes.Embedder.EmbedDocuments(
                missing.Select(i => TextEmbedder.DocumentText(papers[i].Facts.Title, papers[i].Facts.Abstract)).ToList(), ct);
            for (var k = 0; k < missing.Count; k++)
            {
                papers[missing[k]] = papers[missing[k]] with { Vector = embedded[k] };
            }
        }
        return CandidateSet.Prepare(papers, space);
    }

    private async Task<IReadOnlyDictionary<string, ModelPaper>> ModelPapersAsync(IEnumerable<string> ids, VectorIndex vectors, CancellationToken ct) =>
        (await facts.ReadAsync(ids, ct)).Values.ToDictionary(f => f.ArxivId, f => new ModelPaper(f, vectors.GetVector(f.ArxivId)), StringComparer.Ordinal);

    /// <summary>The space of the catalogue as it is now: its centre is taken again when it is old or the catalogue grew by a tenth.</summary>
    private PaperSpace Space()
    {
        var vectors = indexes.Vectors;
        var count = vectors.VisibleCount;
        var now = clock.GetUtcNow();
        if (Volatile.Read(ref _space) is { } s && now - s.At < CentreLifetime && Math.Abs(count - s.Count) <= s.Count / 10)
        {
            return s.Space;
        }
        var space = count < CentreFrom ? PaperSpace.Raw : PaperSpace.FromSample(vectors.Sample(CentreSample, seed: 1).Select(v => v.Vector));
        Volatile.Write(ref _space, new SpaceState(space, count, now));
        return space;
    }
}
