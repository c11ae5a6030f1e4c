using System.Collections.Concurrent;
using System.Numerics.Tensors;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;
using GraphOptimizationLevel = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel;
using SentenceTransformers;

namespace DailyPapers.Search.Semantic;

/// <summary>
/// Turns text into unit vectors with one <see cref="EmbeddingModel"/>. Thread-safe (an ONNX session runs
/// concurrent calls; the tokenizer only reads its vocabulary). The model is loaded once per process and
/// shared, since two web hosts in one process (tests) would otherwise each hold ~100 MB of weights.
/// </summary>
public sealed class TextEmbedder
{
    private static readonly ConcurrentDictionary<string, Lazy<ISentenceEncoder>> Loaded = new(StringComparer.Ordinal);

    private readonly Lazy<ISentenceEncoder> _encoder;

    public TextEmbedder(EmbeddingModel model)
    {
        Model = model;
        _encoder = Loaded.GetOrAdd(model.Name, _ => new Lazy<ISentenceEncoder>(() => Load(model)));
    }

    public EmbeddingModel Model { get; }

    /// <summary>Whether the model is in memory already (loading takes ~0.5 s).</summary>
    public bool IsLoaded => _encoder.IsValueCreated;

    /// <summary>The text a paper is embedded from: its title and abstract as one passage.</summary>
    public static string DocumentText(string title, string text)
    {
        title = title.Trim();
        text = text.Trim();
        if (title.Length == 0)
        {
            return text;
        }
        return title[^1] is '.' or '?' or '!' ? $"{title} {text}" : $"{title}. {text}";
    }

    public float[] EmbedQuery(string query) => Embed([Model.QueryPrefix + query])[0];

    public float[][] EmbedDocuments(IReadOnlyList<string> documents, CancellationToken ct = default) =>
        Embed(documents as string[] ?? documents.ToArray(), ct);

    private float[][] Embed(string[] texts, CancellationToken ct = default)
    {
        var vectors = _encoder.Value.Encode(texts, ct);
        foreach (var v in vectors)
        {
            // The packages normalise already; doing it again costs nothing and makes dot product = cosine a fact.
            var norm = TensorPrimitives.Norm(v);
            if (norm > 0)
            {
                TensorPrimitives.Divide(v, norm, v);
            }
        }
        return vectors;
    }

    private static ISentenceEncoder Load(EmbeddingModel model)
    {
        var options = new SessionOptions
        {
            // Two cores here: one ONNX thread per call leaves the other core to the web server; concurrent
            // calls still run in parallel.
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return model.Create(options);
    }
}
