using System.Diagnostics.CodeAnalysis;
using DailyPapers.Search.Keyword;
using DailyPapers.Search.Semantic;
using DailyPapers.Search.Snapshots;
using DailyPapers.Search.Sync;
using DailyPapers.Storage;
using Lucene.Net.Store;
using Microsoft.Extensions.Options;

namespace DailyPapers.Search;

/// <summary>What this node's searches read at one moment: equal states give equal results (<see cref="SearchResultCache"/>).</summary>
public readonly record struct SearchIndexState(long Keyword, long Vectors, bool Ready);

/// <summary>
/// This node's search indexes: the keyword index and the vector index on local disk, both derived from the
/// database and kept in step with it by <see cref="SearchIndexSync"/>. Until the first catch-up has run,
/// searches find nothing and the pages say the index is starting. The vector index is saved every
/// <see cref="SearchOptions.VectorSaveInterval"/> with the change-feed positions it reflects, so a restart
/// loads it (graph included) and reads only the changes since.
/// </summary>
public sealed class SearchIndexes : IDisposable
{
    /// <summary>Bump when the keyword document layout changes: indexes of another layout are rebuilt.</summary>
    public const string Layout = "7";

    /// <summary>The name a private vector folder starts with (in the keyword folder, when the configured one is another process's).</summary>
    private const string PrivateVectors = "vectors-";

    private readonly SearchOptions _options;
    private readonly Database _database;
    private readonly ILogger<SearchIndexes> _logger;
    private readonly TimeProvider _clock;
    private KeywordIndex? _keyword;
    private VectorIndex _vectors;
    private long _savedAt;
    private bool _savedWithGraph;
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>This node's private vector folder, removed when the indexes are disposed; null when it has the configured one.</summary>
    private string? _privateVectors;

    public SearchIndexes(IOptions<SearchOptions> options, Database database, TimeProvider clock, ILogger<SearchIndexes> logger)
    {
        _options = options.Value;
        _database = database;
        _clock = clock;
        _logger = logger;
        Embedder = new TextEmbedder(EmbeddingModel.Find(_options.Model));
        // Empty until OpenAsync replaces it with the index saved on disk.
        _vectors = new VectorIndex(Embedder.Model.Dimensions, _options.HnswThreshold, logger, _options.VectorPrecision);
        QueryVectors = new QueryEmbeddingCache(Embedder);
    }

    public TextEmbedder Embedder { get; }

    /// <summary>Query vectors of recent query texts.</summary>
    public QueryEmbeddingCache QueryVectors { get; }

    /// <summary>The paper vectors: an empty index in memory before <see cref="OpenAsync"/>, then this node's saved one.</summary>
    public VectorIndex Vectors => Volatile.Read(ref _vectors);

    /// <summary>The keyword index, or null before <see cref="OpenAsync"/>.</summary>
    public KeywordIndex? Keyword => Volatile.Read(ref _keyword);

    /// <summary>True once the indexes have caught up with the database after start-up.</summary>
    public bool Ready { get; internal set; }

    /// <summary>How far this node's indexes have followed the database's change feed.</summary>
    public IndexPosition Position => new(PaperCursor.Seq, VectorCursor.Seq, Keyword?.Count ?? 0, Ready);

    /// <summary>The indexes' versions now; read it before searching, so results are never filed under a newer state than theirs.</summary>
    public SearchIndexState State => new(Keyword?.Version ?? -1, Vectors.Version, Ready);

    /// <summary>True when this start filled the index folders from a published snapshot (<see cref="SearchOptions.SnapshotPath"/>).</summary>
    public bool Seeded { get; private set; }

    /// <summary>True when another process had a configured folder (keyword or vectors) and this node built a private index elsewhere.</summary>
    public bool PrivateFolder { get; private set; }

    internal string DatabaseId { get; private set; } = "";

    /// <summary>The index files read into the page cache at start (<see cref="SearchOptions.WarmAtStart"/>): bytes read; null when there were none.</summary>
    internal Task<long>? Warmup { get; private set; }

    /// <summary>The files <see cref="Warmup"/> reads (Lucene never changes a file it wrote, so their lengths are what it read).</summary>
    internal IReadOnlyList<string> WarmedFiles { get; private set; } = [];
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
        var folder = path;
        try
        {
            index = KeywordIndex.OpenFolder(path, bufferMB: _options.IndexBufferMB, segments: Segments);
        }
        catch (LockObtainFailedException)
        {
            var temporary = folder = Path.Combine(Path.GetTempPath(), "dailypapers-search", Guid.NewGuid().ToString("N"));
            _logger.LogWarning("The search index folder {Path} is in use by another process; building a private index in {Temporary}", path, temporary);
            index = KeywordIndex.OpenFolder(temporary, deleteOnDispose: true, _options.IndexBufferMB, Segments);
            PrivateFolder = true;
        }
        if (!Fits(index.CommitData) && folder == path && _options.SnapshotPath.Length > 0)
        {
            index.Dispose();
            Seed(path);
            index = KeywordIndex.OpenFolder(path, bufferMB: _options.IndexBufferMB, segments: Segments);
        }
        index.Split.Threads = Math.Max(1, _options.QueryThreads);
        var data = index.CommitData;
        if (Fits(data))
        {
            PaperCursor = ChangeCursor.Parse(data.TryGetValue("cursor", out var c) ? c : null);
            _logger.LogInformation("Search index at {Path}: {Count} papers, continuing from change {Seq}", path, index.Count, PaperCursor.Seq);
        }
        else
        {
            index.DeleteAll();
            PaperCursor = ChangeCursor.Start;
            _logger.LogInformation("Building the search index at {Path} from the database", folder);
        }
        OpenVectors(folder == path ? _options.VectorPath : "", folder);
        if (_options.WarmAtStart)
        {
            var files = (index.Count > 0 ? PageCacheWarmup.KeywordFiles(folder) : []).ToList();
            var rows = Path.Combine(VectorFolderPath, VectorFolder.RowsFile);
            if (Vectors.VisibleCount > 0 && File.Exists(rows))
            {
                files.Add(rows);
            }
            WarmedFiles = files;
            Warmup = files.Count > 0 ? PageCacheWarmup.Start(files, _logger, _stopping.Token) : null;
        }
        Volatile.Write(ref _keyword, index);
    }

    /// <summary>Where a search's segments are scored in parallel (<see cref="SearchOptions.ParallelSegments"/>), or null: one after the other.</summary>
    private TaskScheduler? Segments => _options.ParallelSegments ? TaskScheduler.Default : null;

    private bool Fits(IDictionary<string, string> data) =>
        data.TryGetValue("database", out var db) && db == DatabaseId && data.TryGetValue("layout", out var layout) && layout == Layout;

    private static string VectorFolderOf(string configured, string keywordFolder) =>
        Path.GetFullPath(configured.Length > 0 ? configured : Path.Combine(keywordFolder, "vectors"));

    private bool VectorsFit(IReadOnlyDictionary<string, string> saved) =>
        saved.GetValueOrDefault("database") == DatabaseId && saved.GetValueOrDefault("model") == Embedder.Model.Name;

    /// <summary>
    /// An empty or unusable keyword index folder is seeded from the latest snapshot in <see cref="SearchOptions.SnapshotPath"/>
    /// (the vector folder too, unless it holds a usable index of its own); a snapshot that fails a check is not used.
    /// </summary>
    private void Seed(string keywordFolder)
    {
        var vectorFolder = VectorFolderOf(_options.VectorPath, keywordFolder);
        var state = System.IO.Directory.Exists(vectorFolder) ? VectorFolder.ReadState(vectorFolder) : null;
        var vectorsFit = state is not null && state.Layout == VectorFolder.Layout && state.Dimensions == Embedder.Model.Dimensions && VectorsFit(state.Data);
        var target = new SeedTarget(DatabaseId, Embedder.Model.Name, Embedder.Model.Dimensions, keywordFolder, vectorFolder, Vectors: !vectorsFit);
        Seeded = new IndexSnapshotSeeder(Path.GetFullPath(_options.SnapshotPath), _logger, _clock).TrySeed(target, CancellationToken.None);
    }

    /// <summary>
    /// Opens the saved vector index (in <paramref name="configured"/>, else inside the keyword index's folder) if it
    /// was saved from this database with this model, and continues both change feeds from where it was saved; the
    /// paper feed goes back to the older of its and the keyword index's positions (reapplying papers is harmless).
    /// </summary>
    private void OpenVectors(string configured, string keywordFolder)
    {
        var folder = VectorFolderOf(configured, keywordFolder);
        RemoveLeftPrivateVectors(keywordFolder, folder);
        VectorIndex vectors;
        try
        {
            vectors = VectorIndex.OpenFolder(folder, Embedder.Model.Dimensions, _options.HnswThreshold, _options.VectorPrecision, VectorsFit, _logger);
        }
        catch (IOException e)
        {
            folder = Path.Combine(keywordFolder, PrivateVectors + Guid.NewGuid().ToString("N"));
            _logger.LogWarning(e, "The vector index folder is in use by another process; building a private one in {Folder}", folder);
            vectors = VectorIndex.OpenFolder(folder, Embedder.Model.Dimensions, _options.HnswThreshold, _options.VectorPrecision, VectorsFit, _logger);
            _privateVectors = folder;
            PrivateFolder = true;
        }
        var saved = vectors.SavedData;
        if (saved.Count > 0)
        {
            VectorCursor = ChangeCursor.Parse(saved.GetValueOrDefault("vectors"));
            var papers = ChangeCursor.Parse(saved.GetValueOrDefault("papers"));
            PaperCursor = papers.Seq < PaperCursor.Seq ? papers : PaperCursor;
            _logger.LogInformation("Vector index at {Folder}: {Count} vectors ({Graph}), continuing from vector change {Seq}",
                folder, vectors.VisibleCount, vectors.LoadedGraph ? "graph loaded" : "graph to build", VectorCursor.Seq);
        }
        VectorFolderPath = folder;
        // The empty placeholder is not disposed: a search that read it a moment ago may still be using it.
        Volatile.Write(ref _vectors, vectors);
        _savedAt = _clock.GetTimestamp();
        _savedWithGraph = vectors.LoadedGraph;
    }

    /// <summary>
    /// Saves the vector index with the positions it reflects when it changed and <see cref="SearchOptions.VectorSaveInterval"/>
    /// has passed (or <paramref name="now"/>): called by the sync, between two catch-ups, so the positions match.
    /// </summary>
    internal void MaybeSaveVectors(bool now = false)
    {
        var vectors = Vectors;
        // A graph built since the last save is saved at once: building it again is what a restart must not do.
        now |= vectors.UsesHnsw && !_savedWithGraph;
        if (Keyword is null || !vectors.HasUnsavedChanges || (!now && _clock.GetElapsedTime(_savedAt) < _options.VectorSaveInterval))
        {
            return;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        vectors.Save(VectorData());
        _savedAt = _clock.GetTimestamp();
        _savedWithGraph = vectors.UsesHnsw;
        _logger.LogInformation("Saved the vector index ({Count} vectors, up to vector change {Seq}) in {Seconds:0.0} s",
            vectors.VisibleCount, VectorCursor.Seq, clock.Elapsed.TotalSeconds);
    }

    /// <summary>What a saved vector index carries: whose it is and the change-feed positions it reflects now.</summary>
    internal Dictionary<string, string> VectorData() => new()
    {
        ["database"] = DatabaseId,
        ["model"] = Embedder.Model.Name,
        ["papers"] = PaperCursor.ToString(),
        ["vectors"] = VectorCursor.ToString(),
    };

    /// <summary>The folder the vector index is saved in.</summary>
    internal string VectorFolderPath { get; private set; } = "";

    /// <summary>Saves the vector index with the positions it reflects now, changed or not (a snapshot copies the saved folder).</summary>
    internal void SaveVectorsNow()
    {
        Vectors.Save(VectorData());
        _savedAt = _clock.GetTimestamp();
        _savedWithGraph = Vectors.UsesHnsw;
    }

    internal IDictionary<string, string> CommitData(ChangeCursor cursor) => new Dictionary<string, string>
    {
        ["database"] = DatabaseId,
        ["layout"] = Layout,
        ["cursor"] = cursor.ToString(),
    };

    /// <summary>
    /// Removes the private vector folders that processes left in the keyword folder and no process holds now (each a
    /// whole copy of the float32 vectors, ~4 GB at 2.8 M papers; before the node removed its own on the way out, they
    /// stayed). One whose lock is held, or not there yet, belongs to a running process and stays.
    /// </summary>
    private void RemoveLeftPrivateVectors(string keywordFolder, string configured)
    {
        if (!System.IO.Directory.Exists(keywordFolder))
        {
            return;
        }
        // Only names this class gives (the prefix and a Guid's 32 hex digits), never the configured folder.
        foreach (var folder in System.IO.Directory.EnumerateDirectories(keywordFolder, PrivateVectors + "*")
                     .Where(f => Guid.TryParseExact(Path.GetFileName(f)[PrivateVectors.Length..], "N", out _) && Path.GetFullPath(f) != configured))
        {
            if (VectorFolder.Unused(folder))
            {
                RemoveFolder(folder);
            }
        }
    }

    private void RemoveFolder(string folder)
    {
        try
        {
            System.IO.Directory.Delete(folder, recursive: true);
            _logger.LogInformation("Removed the private vector index folder {Folder}", folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Could not remove the private vector index folder {Folder}; the next start tries again", folder);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        // It stops within one read of a megabyte; it logs its own errors.
        Warmup?.Wait(TimeSpan.FromSeconds(5));
        _stopping.Dispose();
        try
        {
            if (_privateVectors is null)
            {
                MaybeSaveVectors(now: true);
            }
        }
        catch (IOException e)
        {
            _logger.LogWarning(e, "Saving the vector index on the way out failed; the next start reads the changes since the last save");
        }
        Vectors.Dispose();
        if (_privateVectors is not null)
        {
            RemoveFolder(_privateVectors);
        }
        Interlocked.Exchange(ref _keyword, null)?.Dispose();
        QueryVectors.Dispose();
    }
}
