using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using DailyPapers.Search;
using DailyPapers.Search.Semantic;

namespace DailyPapers.SearchBench;

/// <summary>
/// Recall@10 of the HNSW graph at each precision against exact float32 search, with and without re-scoring its
/// candidates in float32, on the real MiniLM vectors of the arxiv-daily papers (copies with noise beyond them);
/// the graph's build time, its size per vector (its saved file) and the search latency.
/// </summary>
internal static class QuantisedRecall
{
    private const int Dimensions = 384;
    private const float Noise = 0.025f;

    public static int Run(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var size = int.Parse(Value("--size") ?? "100000", CultureInfo.InvariantCulture);
        var queries = int.Parse(Value("--queries") ?? "200", CultureInfo.InvariantCulture);
        var source = Value("--vectors") ?? DefaultSource;
        var precisions = (Value("--precisions") ?? "F32,F16,I8").Split(',').Select(Enum.Parse<VectorPrecision>).ToArray();
        // --k: results asked for (the node asks for the fusion depth, 100); --factors: candidates re-scored per result, each measured.
        var k = int.Parse(Value("--k") ?? "10", CultureInfo.InvariantCulture);
        var factors = (Value("--factors") ?? "4").Split(',').Select(f => int.Parse(f, CultureInfo.InvariantCulture)).ToArray();

        var vectors = Vectors(size, source, out _);
        var real = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(source + ".f32")).ToArray();
        var rows = real.Length / Dimensions;
        var random = new Random(61);
        // Queries: real papers' vectors with fresh noise (a "papers like this one" query; a free-text query's vector lands among them too).
        var asked = Enumerable.Range(0, queries).Select(_ => Noisy(real, random.Next(rows), random)).ToArray();
        Console.WriteLine($"{size:N0} vectors ({Math.Min(rows, size):N0} real MiniLM vectors of arxiv-daily papers, the rest real ones plus noise {Noise}); {queries} queries; load {Load()}");
        Console.WriteLine($"precision | build s | graph bytes/vector | recall@{k} graph only | {string.Join(" | ", factors.Select(f => $"recall@{k} re-scored (x{f})"))} | p50 ms | p99 ms");
        foreach (var precision in precisions)
        {
            using var index = new VectorIndex(Dimensions, precision: precision);
            for (var i = 0; i < size; i++)
            {
                index.Upsert("p" + i.ToString(CultureInfo.InvariantCulture), vectors[i], 0, [], visible: true);
            }
            var clock = Stopwatch.StartNew();
            index.BuildHnsw();
            var build = clock.Elapsed.TotalSeconds;
            var exact = asked.Select(q => index.SearchExact(q, k, SearchFilter.None).Select(h => h.Id).ToHashSet()).ToArray();
            double Recall(int factor)
            {
                index.RescoreFactor = factor;
                return asked.Select((q, n) => index.Search(q, k, SearchFilter.None).Count(h => exact[n].Contains(h.Id)) / (double)k).Average();
            }
            var graphOnly = Recall(1);
            var rescored = factors.Select(f => precision == VectorPrecision.F32 ? graphOnly : Recall(f)).ToList();
            index.RescoreFactor = factors[^1];
            var times = asked.Select(q =>
            {
                var t = Stopwatch.StartNew();
                index.Search(q, k, SearchFilter.None);
                return t.Elapsed.TotalMilliseconds;
            }).Order().ToArray();
            var bytes = index.GraphBytes();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{precision} | {build:0.0} | {bytes / (double)size:0} | {graphOnly:0.000} | {string.Join(" | ", rescored.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))} | {times[times.Length / 2]:0.00} | {times[(int)(times.Length * 0.99)]:0.00}"));
        }
        return 0;
    }

    public const string DefaultSource = "/work/helpers/cache/arxiv-daily-minilm-256";

    /// <summary>The real vectors first, then real ones plus noise up to <paramref name="size"/>; <paramref name="query"/> one more noisy one.</summary>
    public static float[][] Vectors(int size, string source, out float[] query)
    {
        var real = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(source + ".f32")).ToArray();
        var rows = real.Length / Dimensions;
        var random = new Random(16);
        var vectors = new float[size][];
        for (var i = 0; i < size; i++)
        {
            vectors[i] = i < rows ? real.AsSpan(i * Dimensions, Dimensions).ToArray() : Noisy(real, random.Next(rows), random);
        }
        query = Noisy(real, random.Next(rows), random);
        return vectors;
    }

    private static float[] Noisy(float[] real, int row, Random random)
    {
        var v = real.AsSpan(row * Dimensions, Dimensions).ToArray();
        for (var d = 0; d < Dimensions; d++)
        {
            v[d] += (float)(random.NextDouble() * 2 - 1) * Noise;
        }
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }

    public static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
