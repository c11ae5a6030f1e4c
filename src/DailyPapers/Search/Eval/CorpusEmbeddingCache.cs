using System.Security.Cryptography;
using DailyPapers.Search.Semantic;

namespace DailyPapers.Search.Eval;

/// <summary>
/// Corpus embeddings on disk, keyed by model and the corpus's hash (a BEIR corpus file's hash, or a hash of a
/// sample's texts), so a second evaluation of the same corpus skips the minutes of embedding. Records are
/// appended as they are computed and the file is renamed when complete, so an interrupted run resumes where it
/// stopped. Each batch is split over the cores (the ONNX session runs concurrent calls).
/// </summary>
public sealed class CorpusEmbeddingCache(string folder, ILogger logger)
{
    private const int BatchSize = 16;

    public static string FileHash(string corpusPath)
    {
        using var stream = File.OpenRead(corpusPath);
        return Convert.ToHexString(SHA256.HashData(stream))[..16].ToLowerInvariant();
    }

    /// <summary>
    /// The vectors of every document: those <paramref name="known"/> holds (a <see cref="VectorFile"/>), the others from
    /// the cache, computed now for those it lacks (cached under the corpus's key only when nothing was known).
    /// </summary>
    public Dictionary<string, float[]> Load(
        TextEmbedder embedder, string corpusKey, IReadOnlyList<BeirDocument> corpus, CancellationToken ct, IReadOnlyDictionary<string, float[]>? known = null)
    {
        if (known is not null)
        {
            var vectors = corpus.Where(d => known.ContainsKey(d.Id)).DistinctBy(d => d.Id).ToDictionary(d => d.Id, d => known[d.Id], StringComparer.Ordinal);
            var rest = corpus.Where(d => !vectors.ContainsKey(d.Id)).DistinctBy(d => d.Id).ToList();
            logger.LogInformation("{Known} documents have vectors from the vector file; embedding the other {Count}", vectors.Count, rest.Count);
            for (var i = 0; i < rest.Count; i += BatchSize)
            {
                var batch = rest.Skip(i).Take(BatchSize).ToList();
                foreach (var (d, v) in batch.Zip(EmbedOnAllCores(embedder, batch, ct)))
                {
                    vectors[d.Id] = v;
                }
            }
            return vectors;
        }
        return Load(embedder, corpusKey, corpus, ct);
    }

    private Dictionary<string, float[]> Load(TextEmbedder embedder, string corpusKey, IReadOnlyList<BeirDocument> corpus, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{embedder.Model.Name}-{corpusKey}.f32");
        var partial = path + ".partial";
        if (File.Exists(path))
        {
            return Read(path).Vectors;
        }
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (File.Exists(partial))
        {
            // Drop a record cut short by an interrupted run before appending after it.
            (vectors, var complete) = Read(partial);
            using var file = new FileStream(partial, FileMode.Open, FileAccess.Write);
            file.SetLength(complete);
        }
        var missing = corpus.Where(d => !vectors.ContainsKey(d.Id)).DistinctBy(d => d.Id).ToList();
        if (missing.Count > 0)
        {
            logger.LogInformation("Embedding {Count} documents with {Model} ({Cached} cached)", missing.Count, embedder.Model.Name, vectors.Count);
        }
        var started = DateTime.UtcNow;
        using (var writer = new BinaryWriter(new FileStream(partial, FileMode.Append, FileAccess.Write)))
        {
            for (var i = 0; i < missing.Count; i += BatchSize)
            {
                var batch = missing.Skip(i).Take(BatchSize).ToList();
                var embedded = EmbedOnAllCores(embedder, batch, ct);
                for (var j = 0; j < batch.Count; j++)
                {
                    Write(writer, batch[j].Id, embedded[j]);
                    vectors[batch[j].Id] = embedded[j];
                }
                writer.Flush();
                var done = Math.Min(i + BatchSize, missing.Count);
                if (done % 512 < BatchSize || done == missing.Count)
                {
                    var rate = done / Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds);
                    logger.LogInformation("Embedded {Done}/{Total} documents ({Rate:0.0}/s)", done, missing.Count, rate);
                }
            }
        }
        File.Move(partial, path, overwrite: true);
        return vectors;
    }

    private static float[][] EmbedOnAllCores(TextEmbedder embedder, List<BeirDocument> batch, CancellationToken ct)
    {
        var parts = Math.Min(Environment.ProcessorCount, batch.Count);
        var size = (batch.Count + parts - 1) / parts;
        var results = new float[parts][][];
        Parallel.For(0, parts, new ParallelOptions { CancellationToken = ct }, p =>
            results[p] = embedder.EmbedDocuments(batch.Skip(p * size).Take(size).Select(d => TextEmbedder.DocumentText(d.Title, d.Text)).ToList(), ct));
        return results.SelectMany(r => r).ToArray();
    }

    private static void Write(BinaryWriter writer, string id, float[] vector)
    {
        writer.Write(id);
        writer.Write(vector.Length);
        foreach (var x in vector)
        {
            writer.Write(x);
        }
    }

    private static (Dictionary<string, float[]> Vectors, long CompleteBytes) Read(string path)
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        using var reader = new BinaryReader(File.OpenRead(path));
        long complete = 0;
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            try
            {
                var id = reader.ReadString();
                var vector = new float[reader.ReadInt32()];
                for (var i = 0; i < vector.Length; i++)
                {
                    vector[i] = reader.ReadSingle();
                }
                vectors[id] = vector;
                complete = reader.BaseStream.Position;
            }
            catch (EndOfStreamException)
            {
                break; // a record cut short by an interrupted run: computed again
            }
        }
        return (vectors, complete);
    }
}
