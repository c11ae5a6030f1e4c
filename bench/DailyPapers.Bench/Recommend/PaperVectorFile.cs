using System.Diagnostics;
using System.Runtime.InteropServices;
using DailyPapers.Search.Semantic;

namespace DailyPapers.Bench.Recommend;

/// <summary>
/// The MiniLM vectors of the arxiv-daily papers, computed once with the product's embedder and kept on disk for
/// every later run (and for the demo catalogue): <c>NAME.f32</c> holds the vectors back to back (384 little-endian
/// float32 each), <c>NAME.ids</c> their arXiv ids, one a line, in the same order. Both grow a batch at a time, ids
/// after vectors, so an interrupted run resumes after the last complete batch.
/// </summary>
internal sealed class PaperVectorFile(string pathWithoutExtension, int dimensions)
{
    private const int BatchSize = 16;

    public static string DefaultPath => "/work/helpers/cache/arxiv-daily-minilm-256";

    private string VectorPath => pathWithoutExtension + ".f32";
    private string IdPath => pathWithoutExtension + ".ids";

    public Dictionary<string, float[]> Read()
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (!File.Exists(IdPath) || !File.Exists(VectorPath))
        {
            return vectors;
        }
        var ids = File.ReadAllLines(IdPath);
        var bytes = File.ReadAllBytes(VectorPath);
        var floats = MemoryMarshal.Cast<byte, float>(bytes);
        var complete = Math.Min(ids.Length, floats.Length / dimensions);
        for (var i = 0; i < complete; i++)
        {
            vectors[ids[i]] = floats.Slice(i * dimensions, dimensions).ToArray();
        }
        return vectors;
    }

    /// <summary>Embeds the papers the file lacks, newest listing day first, on <paramref name="workers"/> threads.</summary>
    public void Complete(IReadOnlyList<ArxivDailyPaper> papers, TextEmbedder embedder, int workers, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(VectorPath))!);
        var have = Read();
        Trim(have.Count);
        var missing = papers.Where(p => !have.ContainsKey(p.Id)).OrderByDescending(p => p.Day).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
        Console.Error.WriteLine($"vectors: {have.Count} cached, {missing.Count} to embed into {VectorPath}");
        var clock = Stopwatch.StartNew();
        using var vectorFile = new FileStream(VectorPath, FileMode.Append, FileAccess.Write);
        using var idFile = new StreamWriter(new FileStream(IdPath, FileMode.Append, FileAccess.Write));
        var step = BatchSize * workers;
        for (var i = 0; i < missing.Count && !ct.IsCancellationRequested; i += step)
        {
            var group = missing.Skip(i).Take(step).Chunk(BatchSize).ToList();
            var embedded = new float[group.Count][][];
            Parallel.For(0, group.Count, new ParallelOptions { MaxDegreeOfParallelism = workers },
                g => embedded[g] = embedder.EmbedDocuments(group[g].Select(p => p.EmbeddingText).ToList(), ct));
            foreach (var vector in embedded.SelectMany(v => v))
            {
                vectorFile.Write(MemoryMarshal.AsBytes(vector.AsSpan()));
            }
            vectorFile.Flush();
            foreach (var paper in group.SelectMany(p => p))
            {
                idFile.WriteLine(paper.Id);
            }
            idFile.Flush();
            var done = Math.Min(i + step, missing.Count);
            if (done % 1024 < step || done == missing.Count)
            {
                Console.Error.WriteLine($"vectors: {done}/{missing.Count} ({done / clock.Elapsed.TotalSeconds:0.0}/s)");
            }
        }
    }

    /// <summary>Cuts both files to the records complete in both (an interrupted run may leave one ahead).</summary>
    private void Trim(int complete)
    {
        if (File.Exists(VectorPath))
        {
            using var file = new FileStream(VectorPath, FileMode.Open, FileAccess.Write);
            file.SetLength((long)complete * dimensions * sizeof(float));
        }
        if (File.Exists(IdPath))
        {
            File.WriteAllLines(IdPath, File.ReadLines(IdPath).Take(complete).ToList());
        }
    }
}
