using System.Diagnostics;
using Dapper;
using DailyPapers.Papers;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Search.Semantic;

/// <summary>
/// Computes the vectors papers lack for the configured model, a batch at a time, newest papers first, storing
/// each batch as it goes: stopping loses at most one batch, and the next run picks up what is still missing.
/// On PostgreSQL an advisory lock lets one node at a time do it.
/// </summary>
public sealed class EmbeddingJob(
    EmbeddingStore store, SearchIndexes indexes, Database database, SearchMetrics metrics, IOptions<SearchOptions> options, ILogger<EmbeddingJob> logger)
{
    private const long LockKey = 0x44505365617263; // "DPSearc"
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    /// <summary>Embeds every paper that needs it; returns how many it embedded (0 when another node holds the job).</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var lockConnection = database.IsPostgres ? await database.OpenAsync(ct) : null;
        if (lockConnection is not null && !await lockConnection.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(@LockKey)", new { LockKey }))
        {
            return 0;
        }
        try
        {
            return await EmbedPendingAsync(ct);
        }
        finally
        {
            if (lockConnection is not null)
            {
                await lockConnection.ExecuteAsync("SELECT pg_advisory_unlock(@LockKey)", new { LockKey });
            }
        }
    }

    private async Task<int> EmbedPendingAsync(CancellationToken ct)
    {
        var embedder = indexes.Embedder;
        var model = embedder.Model.Name;
        var total = await store.CountPendingAsync(model, ct);
        if (total == 0)
        {
            return 0;
        }
        logger.LogInformation("Embedding {Total} papers with {Model}", total, model);
        var batchSize = Math.Clamp(options.Value.EmbeddingBatchSize, 1, 256);
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var done = 0;
        while (!ct.IsCancellationRequested)
        {
            var batch = await store.PendingAsync(model, batchSize, ct);
            if (batch.Count == 0)
            {
                break;
            }
            var vectors = embedder.EmbedDocuments(
                batch.Select(p => TextEmbedder.DocumentText(PaperText.Display(p.Title), PaperText.Display(p.Abstract))).ToList(), ct);
            await store.SaveAsync(model, batch.Zip(vectors).ToList(), ct);
            metrics.Embedded(batch.Count);
            done += batch.Count;
            if (clock.Elapsed - lastReport >= ProgressEvery)
            {
                lastReport = clock.Elapsed;
                logger.LogInformation("Embedded {Done}/{Total} papers with {Model} ({Rate:0.0} papers/s)",
                    done, Math.Max(total, done), model, done / clock.Elapsed.TotalSeconds);
            }
        }
        logger.LogInformation("Embedded {Done} papers with {Model} in {Seconds:0.0} s", done, model, clock.Elapsed.TotalSeconds);
        return done;
    }
}
