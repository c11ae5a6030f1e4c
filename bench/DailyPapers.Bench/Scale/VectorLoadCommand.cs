using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Dapper;
using DailyPapers.Search.Semantic;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Bench.Scale;

/// <summary>
/// Stores a corpus's precomputed vectors (DIR/vectors.f32 and .ids, as <see cref="CorpusCommand"/> writes them)
/// as the embedding job would (again for a paper that has one: the same row): one row per imported paper in <c>paper_embeddings</c>, with the paper's content
/// hash so the job sees it as done. Embedding 2.8 M abstracts on this machine would take days; this puts the
/// corpus's vectors in place in minutes so a node's start and search can be measured.
/// </summary>
internal static class VectorLoadCommand
{
    private const int Batch = 5000;

    public static async Task<int> RunAsync(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var folder = Value("--from") ?? throw new ArgumentException("--from DIR (the corpus folder) is required");
        var connection = Value("--database") ?? throw new ArgumentException("--database CONNECTION is required");
        var provider = args.Contains("--postgres") ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var model = EmbeddingModel.Find(Value("--model") ?? "MiniLM");
        // --follow: run beside an import of the same corpus, waiting for papers not imported yet (the ids are in line order).
        var follow = args.Contains("--follow");
        var limit = int.Parse(Value("--limit") ?? int.MaxValue.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return await BenchServices.WithServicesAsync((provider, connection), async services =>
        {
            var database = services.GetRequiredService<Database>();
            var clock = Stopwatch.StartNew();
            using var rows = File.OpenRead(Path.Combine(folder, "vectors.f32"));
            using var ids = File.OpenText(Path.Combine(folder, "vectors.ids"));
            var row = new byte[model.Dimensions * sizeof(float)];
            var stored = 0;
            var read = 0;
            while (read < limit)
            {
                var batch = new List<object>(Batch);
                while (batch.Count < Batch && read < limit && ids.ReadLine() is { } id)
                {
                    rows.ReadExactly(row);
                    batch.Add(new { id, vector = VectorBytes.Encode(MemoryMarshal.Cast<byte, float>(row)), model = model.Name, dimensions = model.Dimensions, now = DateTime.UtcNow });
                    read++;
                }
                if (batch.Count == 0)
                {
                    break;
                }
                var batchStored = await StoreAsync(database, batch);
                for (var wait = 0; follow && batchStored < batch.Count && wait < 120; wait++)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5));
                    batchStored = await StoreAsync(database, batch);
                }
                stored += batchStored;
                if (read % 100_000 < Batch)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{read:N0} read, {stored:N0} stored ({clock.Elapsed.TotalSeconds:F0} s)"));
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"vectors: {read:N0} read, {stored:N0} stored for {model.Name} in {clock.Elapsed.TotalSeconds:F1} s ({read / clock.Elapsed.TotalSeconds:F0}/s)"));
            return 0;
        });
    }

    private static async Task<int> StoreAsync(Database database, List<object> batch)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = await database.BeginWriteAsync(connection);
        // The paper's own content hash, so the embedding job does not take the paper for changed.
        var stored = await connection.ExecuteAsync(
            """
            INSERT INTO paper_embeddings (arxiv_id, model, dimensions, vector, content_hash, created_at)
            SELECT arxiv_id, @model, @dimensions, @vector, content_hash, @now FROM papers WHERE arxiv_id = @id
            ON CONFLICT (arxiv_id, model) DO UPDATE SET vector = excluded.vector, content_hash = excluded.content_hash
            """,
            batch, tx);
        await tx.CommitAsync();
        return stored;
    }
}
