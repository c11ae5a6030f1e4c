using System.Text;
using DailyPapers.Ingest.Snapshot;
using DailyPapers.Papers;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Bench;

/// <summary>
/// The writing side of an import alone, on one thread: papers parsed and hashed beforehand, then upserted batch
/// by batch as the importer does (one transaction per batch). Measured in that thread's CPU time, so the
/// figure holds even when other processes compete for the cores.
/// </summary>
internal static class WriterStage
{
    public static async Task<TimeSpan> MeasureAsync(IServiceProvider services, string file, int records, int batchSize)
    {
        var batches = File.ReadLines(file, Encoding.UTF8).Take(records)
            .Select((line, i) => SnapshotLineParser.Parse(Encoding.UTF8.GetBytes(line), i + 1).Paper!)
            .Chunk(batchSize)
            .Select(PreparedBatch.Of)
            .ToList();
        var database = services.GetRequiredService<Database>();
        var store = services.GetRequiredService<PaperStore>();
        await using var connection = await database.OpenAsync();
        using var writer = await store.OpenBatchWriterAsync(connection);
        var cpu = ThreadCpu.Now();
        foreach (var batch in batches)
        {
            // SQLite's ADO.NET calls complete synchronously, so the loop stays on this thread.
            await using var tx = await database.BeginWriteAsync(connection);
            await writer.UpsertAsync(tx, batch);
            await tx.CommitAsync();
        }
        return ThreadCpu.Now() - cpu;
    }
}
