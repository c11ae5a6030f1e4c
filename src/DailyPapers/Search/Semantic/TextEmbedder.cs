using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;
using GraphOptimizationLevel = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel;
using SentenceTransformers;

namespace DailyPapers.Search.Semantic;

/// <summary>
/// Turns text into unit vectors with one <see cref="EmbeddingModel"/>. Thread-safe (an ONNX session runs
/// concurrent calls; the tokenizer only reads its vocabulary). Queries and documents get separate sessions:
/// a query uses two threads (half the latency of one on 2 cores), the background embedding of documents one,
/// so it never takes both cores from the web server. Sessions are loaded on first use, once per process (two
/// web hosts in one process, as in tests, would otherwise each hold ~100 MB of weights).
/// </summary>
public sealed class TextEmbedder
{
    private static readonly ConcurrentDictionary<string, Lazy<ISentenceEncoder>> Loaded = new(StringComparer.Ordinal);

    private readonly Lazy<ISentenceEncoder> _queries;
    private readonly Lazy<ISentenceEncoder> _documents;

    public TextEmbedder(EmbeddingModel model)
    {
        Model = model;
        _queries = Loaded.GetOrAdd(model.Name + "/queries", _ => new Lazy<ISentenceEncoder>(() => Load(model, threads: 2)));
        _documents = Loaded.GetOrAdd(model.Name + "/documents", _ => new Lazy<ISentenceEncoder>(() => Load(model, threads: 1)));
    }

    public EmbeddingModel Model { get; }

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

    public float[] EmbedQuery(string query) => Embed(_queries.Value, [Model.QueryPrefix + query], default)[0];

    public float[][] EmbedDocuments(IReadOnlyList<string> documents, CancellationToken ct = default) =>
        Embed(_documents.Value, documents as string[] ?? documents.ToArray(), ct);

    private static float[][] Embed(ISentenceEncoder encoder, string[] texts, CancellationToken ct)
    {
        var vectors = encoder.Encode(texts, ct);
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

    [SuppressMessage("Reliability", "CA2000", Justification = "The options go into the encoder's ONNX session, made once per model and kept while the process runs.")]
    private static ISentenceEncoder Load(EmbeddingModel model, int threads)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // Idle ONNX threads would otherwise spin for a while after each call, burning a core the server needs.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return model.Create(options);
    }
}
