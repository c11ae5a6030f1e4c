using System.Diagnostics.CodeAnalysis;
using DailyPapers.Search.Keyword;
using DailyPapers.Search.Semantic;
using DailyPapers.Search.Sync;
using DailyPapers.Storage;
using Lucene.Net.Store;
using Microsoft.Extensions.Options;

namespace DailyPapers.Search;

/// <summary>
/// This node's search indexes: the keyword index on local disk and the paper vectors in memory, both derived
/// from the database and kept in step with it by <see cref="SearchIndexSync"/>. Until the first catch-up has
/// run, searches find nothing and the pages say the index is starting.
/// </summary>
public sealed class SearchIndexes : IDisposable
{
    /// <summary>Bump when the keyword document layout changes: indexes of another layout are rebuilt.</summary>
    public const string Layout = "3";

    private readonly SearchOptions _options;
    private readonly Database _database;
    private readonly ILogger<SearchIndexes> _logger;
    private KeywordIndex? _keyword;

    public SearchIndexes(IOptions<SearchOptions> options, Database database, ILogger<SearchIndexes> logger)
    {
        _options = options.Value;
        _database = database;
        _logger = logger;
        Embedder = new TextEmbedder(EmbeddingModel.Find(_options.Model));
        Vectors = new VectorIndex(Embedder.Model.Dimensions, _options.HnswThreshold, logger);
        QueryVectors = new QueryEmbeddingCache(Embedder);
    }

    public TextEmbedder Embedder { get; }

    /// <summary>Query vectors of recent query texts.</summary>
    public QueryEmbeddingCache QueryVectors { get; }
    public VectorIndex Vectors { get; }

    /// <summary>The keyword index, or null before <see cref="OpenAsync"/>.</summary>
    public KeywordIndex? Keyword => Volatile.Read(ref _keyword);

    /// <summary>True once the indexes have caught up with the database after start-up.</summary>
    public bool Ready { get; internal set; }

    /// <summary>How far this node's indexes have followed the database's change feed.</summary>
    public IndexPosition Position => new(PaperCursor.Seq, VectorCursor.Seq, Keyword?.Count ?? 0, Ready);

    internal string DatabaseId { get; private set; } = "";
    internal ChangeCursor PaperCursor { get; set; } = ChangeCursor.Start;
    internal ChangeCursor VectorCursor { get; set; } = ChangeCursor.Start;

    /// <summary>
    /// Opens the keyword index folder and reads how far it got. An index built from another database, or of an
    /// older layout, is emptied and rebuilt. If another process (or another app in this one) holds the
    /// folder, this node builds a private index in a temporary folder instead.
    /// </summary>
    [SuppressMessage("Reliability", "CA2000", Justification = "The index is kept in _keyword and disposed with SearchIndexes.")]
    public async Task OpenAsync(CancellationToken ct)
    {
        if (Keyword is not null)
        {
            return;
        }
        await using (var connection = await _database.OpenAsync(ct))
        {
            DatabaseId = await SiteState.GetAsync(connection, null, "search_database_id") ?? "";
        }
        var path = Path.GetFullPath(_options.IndexPath);
        KeywordIndex index;
        try
        {
            index = KeywordIndex.OpenFolder(path);
        }
        catch (LockObtainFailedException)
        {
            var temporary = Path.Combine(Path.GetTempPath(), "dailypapers-search", Guid.NewGuid().ToString("N"));
            _logger.LogWarning("The search index folder {Path} is in use by another process; building a private index in {Temporary}", path, temporary);
            index = KeywordIndex.OpenFolder(temporary, deleteOnDispose: true);
        }
        var data = index.CommitData;
        if (data.TryGetValue("database", out var db) && db == DatabaseId && data.TryGetValue("layout", out var layout) && layout == Layout)
        {
            PaperCursor = ChangeCursor.Parse(data.TryGetValue("cursor", out var c) ? c : null);
            _logger.LogInformation("Search index at {Path}: {Count} papers, continuing from change {Seq}", path, index.Count, PaperCursor.Seq);
        }
        else
        {
            index.DeleteAll();
            PaperCursor = ChangeCursor.Start;
            _logger.LogInformation("Building the search index at {Path} from the database", path);
        }
        Volatile.Write(ref _keyword, index);
    }

    internal IDictionary<string, string> CommitData(ChangeCursor cursor) => new Dictionary<string, string>
    {
        ["database"] = DatabaseId,
        ["layout"] = Layout,
        ["cursor"] = cursor.ToString(),
    };

    public void Dispose()
    {
        Interlocked.Exchange(ref _keyword, null)?.Dispose();
        Vectors.Dispose();
        QueryVectors.Dispose();
    }
}
