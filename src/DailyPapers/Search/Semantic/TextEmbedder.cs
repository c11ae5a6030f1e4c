using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using BERTTokenizers.Base;
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
    private static readonly ConcurrentDictionary<string, Lazy<TokenizerBase>> Tokenizers = new(StringComparer.Ordinal);

    private readonly Lazy<ISentenceEncoder> _queries;
    private readonly Lazy<ISentenceEncoder> _documents;

    public TextEmbedder(EmbeddingModel model)
    {
        Model = model;
        _queries = Loaded.GetOrAdd(model.Name + "/queries", _ => new Lazy<ISentenceEncoder>(() => Load(model, threads: 2)));
        _documents = Loaded.GetOrAdd(model.Name + "/documents", _ => new Lazy<ISentenceEncoder>(() => Load(model, threads: 1)));
        _tokenizer = Tokenizers.GetOrAdd(model.Name, _ => new Lazy<TokenizerBase>(model.CreateTokenizer));
    }

    private readonly Lazy<TokenizerBase> _tokenizer;

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

    public float[] EmbedQuery(string query) => EmbedQueries([query])[0];

    /// <summary>Several queries in one model run (padded to the longest; each gets the vector it would get alone).</summary>
    public float[][] EmbedQueries(IReadOnlyList<string> queries) => Embed(_queries.Value, queries.Select(q => Fit(Model.QueryPrefix + q)).ToArray(), default);

    public float[][] EmbedDocuments(IReadOnlyList<string> documents, CancellationToken ct = default) =>
        Embed(_documents.Value, documents.Select(Fit).ToArray(), ct);

    /// <summary>
    /// The text as the model should see it: line breaks as spaces (the packages' tokenizer splits words on
    /// spaces only, so "end.\n\nNext" would lose "Next" to [UNK]), cut after the last whole word that fits
    /// <see cref="EmbeddingModel.MaxWordPieces"/>. Words are counted one at a time: the tokenizer splits
    /// each space-separated chunk on its own, so the counts add up to the whole text's.
    /// </summary>
    public string Fit(string text)
    {
        text = text.ReplaceLineEndings(" ").Replace('\t', ' ');
        var tokenizer = _tokenizer.Value;
        var budget = Model.MaxWordPieces - 2; // [CLS] and [SEP]
        var used = 0;
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf(' ', start);
            end = end < 0 ? text.Length : end;
            if (end > start)
            {
                used += tokenizer.Tokenize(int.MaxValue, text[start..end])[0].Length - 2;
                if (used > budget)
                {
                    return text[..start].TrimEnd();
                }
            }
            start = end + 1;
        }
        return text;
    }

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
