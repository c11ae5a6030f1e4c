using System.Diagnostics;
using Dapper;
using DailyPapers.Papers;
using DailyPapers.Search.Sync;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Search.Semantic;

/// <summary>What one run of the <see cref="EmbeddingJob"/> does: on how many threads, up to how many papers, with which model (null: the configured one).</summary>
/// <remarks><see cref="Progress"/> is told the papers embedded so far and the run's total after each stored batch.</remarks>
public sealed record EmbeddingRun(int Threads = 1, int? Limit = null, EmbeddingModel? Model = null, Action<int, int>? Progress = null);

/// <summary>
/// Computes the vectors papers lack for a model, a batch at a time, newest papers first, storing each batch as it
/// goes: stopping loses at most one batch, and the next run picks up what is still missing. The background job
/// runs on one thread (the web server keeps the other cores); the <c>embed</c> verb on as many as it is given.
/// On PostgreSQL an advisory lock lets one node at a time do it.
/// </summary>
public sealed class EmbeddingJob(
    EmbeddingStore store, SearchIndexes indexes, Database database, SearchMetrics metrics, IOptions<SearchOptions> options, TimeProvider clock,
    ILogger<EmbeddingJob> logger)
{
    private const long LockKey = 0x44505365617263; // "DPSearc"
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    /// <summary>How often the background run looks for pending papers even when no paper or vector changed (a vector deleted by hand).</summary>
    public static readonly TimeSpan FullCheckEvery = TimeSpan.FromMinutes(10);

    private ChangeCursor? _seen;
    private long _lookedAt;

    /// <summary>
    /// The background run (one caller at a time): embeds what is pending as <see cref="RunAsync(CancellationToken)"/> does, but
    /// only looks when papers or the model's vectors changed since it last looked (an indexed read of the change feed), or
    /// <see cref="FullCheckEvery"/> passed. Looking counts the pending papers, which reads every paper (0.3 s at 100,000
    /// papers): every few seconds on a quiet catalogue, that was a core's tenth spent finding nothing.
    /// </summary>
    public async Task<int> RunWhenChangedAsync(CancellationToken ct)
    {
        // Read before looking: whatever changes while it looks is seen next time.
        var (changed, next) = await store.ChangedSinceAsync(indexes.Embedder.Model.Name, _seen ?? ChangeCursor.Start, ct);
        if (_seen is not null && !changed && clock.GetElapsedTime(_lookedAt) < FullCheckEvery)
        {
            return 0;
        }
        var done = await RunAsync(ct);
        _seen = next;
        _lookedAt = clock.GetTimestamp();
        return done;
    }

    /// <summary>Embeds every paper that needs it on one thread; returns how many it embedded (0 when another node holds the job).</summary>
    public Task<int> RunAsync(CancellationToken ct) => RunAsync(new EmbeddingRun(), ct);

    /// <summary>Embeds the papers that need it as <paramref name="run"/> says; returns how many it embedded (0 when another node holds the job).</summary>
    public async Task<int> RunAsync(EmbeddingRun run, CancellationToken ct)
    {
        await using var lockConnection = database.IsPostgres ? await database.OpenAsync(ct) : null;
        if (lockConnection is not null && !await lockConnection.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(@LockKey)", new { LockKey }))
        {
            return 0;
        }
        try
        {
            return await EmbedPendingAsync(run, ct);
        }
        finally
        {
            if (lockConnection is not null)
            {
                await lockConnection.ExecuteAsync("SELECT pg_advisory_unlock(@LockKey)", new { LockKey });
            }
        }
    }

    private async Task<int> EmbedPendingAsync(EmbeddingRun run, CancellationToken ct)
    {
        var embedder = run.Model is null || run.Model.Name == indexes.Embedder.Model.Name ? indexes.Embedder : new TextEmbedder(run.Model);
        var model = embedder.Model.Name;
        var total = Math.Min(await store.CountPendingAsync(model, ct), run.Limit ?? int.MaxValue);
        if (total == 0)
        {
            return 0;
        }
        var threads = Math.Max(1, run.Threads);
        logger.LogInformation("Embedding {Total} papers with {Model} on {Threads} threads", total, model, threads);
        var batchSize = Math.Clamp(options.Value.EmbeddingBatchSize, 1, 256);
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var done = 0;
        while (!ct.IsCancellationRequested && done < total)
        {
            // A batch per thread, stored together: the next query for pending papers no longer returns them.
            var batch = await store.PendingAsync(model, Math.Min(batchSize * threads, total - done), ct);
            if (batch.Count == 0)
            {
                break;
            }
            var vectors = Embed(embedder, batch, threads, ct);
            await store.SaveAsync(model, batch.Zip(vectors).ToList(), ct);
            metrics.Embedded(batch.Count);
            done += batch.Count;
            run.Progress?.Invoke(done, total);
            if (clock.Elapsed - lastReport >= ProgressEvery)
            {
                lastReport = clock.Elapsed;
                var rate = done / clock.Elapsed.TotalSeconds;
                logger.LogInformation("Embedded {Done}/{Total} papers with {Model} ({Rate:0.0} papers/s, about {Minutes:0} min left)",
                    done, total, model, rate, (total - done) / rate / 60);
            }
        }
        logger.LogInformation("Embedded {Done} papers with {Model} in {Seconds:0.0} s", done, model, clock.Elapsed.TotalSeconds);
        return done;
    }

    /// <summary>The papers' vectors, in order, from <paramref name="threads"/> concurrent calls to the model (its session runs them in parallel).</summary>
    private static float[][] Embed(TextEmbedder embedder, IReadOnlyList<PendingPaper> batch, int threads, CancellationToken ct)
    {
        var texts = batch.Select(p => TextEmbedder.DocumentText(PaperText.Display(p.Title), PaperText.Display(p.Abstract))).ToList();
        var parts = Math.Min(threads, texts.Count);
        if (parts == 1)
        {
            return embedder.EmbedDocuments(texts, ct);
        }
        var size = (texts.Count + parts - 1) / parts;
        var results = new float[parts][][];
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts, CancellationToken = ct },
            p => results[p] = embedder.EmbedDocuments(texts.Skip(p * size).Take(size).ToList(), ct));
        return results.SelectMany(r => r).ToArray();
    }
}
