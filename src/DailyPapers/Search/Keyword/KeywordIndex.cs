using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// A Lucene index of papers ranked by BM25 (k1 0.9, b 0.4: the best of a grid on SciFact train; title fields
/// their own, <see cref="KeywordSimilarity"/>) with the clauses of <see cref="RankingWeights"/>. Writes are
/// visible to searches after <see cref="Commit"/>; each commit carries string data (the change-feed cursor),
/// so an index on disk knows how far it got. Thread-safe.
/// </summary>
public sealed partial class KeywordIndex : IDisposable
{
    public const float K1 = 0.9f;
    public const float B = 0.4f;


    private readonly LuceneDirectory _directory;
    private readonly Analyzer _analyzer = SearchAnalyzers.Create();
    private readonly ThreadLocal<DocumentAnalysis> _analysis = new(() => new DocumentAnalysis(), trackAllValues: true);
    private readonly IndexWriter? _writer;
    private readonly SearcherManager _searchers;
    private readonly string? _deleteOnDispose;
    private long _version;

    private KeywordIndex(LuceneDirectory directory, string? deleteOnDispose, float k1 = K1, float b = B, RankingWeights? weights = null, double bufferMB = SearchOptions.DefaultIndexBufferMB, TaskScheduler? segments = null)
    {
        _directory = directory;
        _deleteOnDispose = deleteOnDispose;
        Weights = weights ?? new RankingWeights();
        var similarity = new KeywordSimilarity(k1, b, Weights);
        var config = new IndexWriterConfig(SearchAnalyzers.Version, _analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = similarity,
            RAMBufferSizeMB = bufferMB,
            MergeScheduler = KeywordMerges.Scheduler(), // indexing goes on beside a long merge
            // Keeps a commit's files while a snapshot of it is copied (HoldLastCommit).
            IndexDeletionPolicy = new SnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy()),
        };
        try
        {
            _writer = new IndexWriter(directory, config);
        }
        catch
        {
            _analyzer.Dispose();
            throw;
        }
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new Bm25SearcherFactory(similarity, segments));
        Exhaustive = segments is not null;
    }

    /// <summary>A reader of an index a writer elsewhere may hold (no write lock taken): searches only, for benchmarks.</summary>
    private KeywordIndex(LuceneDirectory directory, RankingWeights weights, TaskScheduler? segments)
    {
        _directory = directory;
        Weights = weights;
        _searchers = new SearcherManager(directory, new Bm25SearcherFactory(new KeywordSimilarity(K1, B, weights), segments));
        Exhaustive = segments is not null;
    }

    /// <summary>Opens (or creates) the index in a folder; with <paramref name="segments"/>, a search scores its segments as tasks there (<see cref="SearchOptions.ParallelSegments"/>). Throws <see cref="LockObtainFailedException"/> when another writer holds it.</summary>
    public static KeywordIndex OpenFolder(string path, bool deleteOnDispose = false, double bufferMB = SearchOptions.DefaultIndexBufferMB, TaskScheduler? segments = null)
    {
        System.IO.Directory.CreateDirectory(path);
        return new KeywordIndex(new MappedDirectory(path), deleteOnDispose ? path : null, bufferMB: bufferMB, segments: segments);
    }

    /// <summary>The last commit of the index in a folder, searchable and never written (another process may be writing it).</summary>
    /// <param name="luceneMaps">Read through Lucene.Net's own <see cref="MMapDirectory"/> (benchmarks' baselines).</param>
    internal static KeywordIndex OpenReadOnly(string path, RankingWeights? weights = null, TaskScheduler? segments = null, bool luceneMaps = false) =>
        new(luceneMaps ? new MMapDirectory(new DirectoryInfo(path)) : new MappedDirectory(path), weights ?? new RankingWeights(), segments);

    /// <summary>An index in memory, for evaluations and benchmarks.</summary>
    public static KeywordIndex InMemory() => new(new RAMDirectory(), deleteOnDispose: null);

    /// <summary>An index in memory with other BM25 parameters and weights (tuning).</summary>
    internal static KeywordIndex InMemory(float k1, float b, RankingWeights weights) => new(new RAMDirectory(), null, k1, b, weights);

    /// <summary>The short-query clauses and their weights.</summary>
    public RankingWeights Weights { get; }

    /// <summary>The data stored with the last commit (empty for a new index).</summary>
    public IDictionary<string, string> CommitData => Writer.CommitData ?? new Dictionary<string, string>();

    /// <summary>Moves on every commit, after searches see it: equal versions give equal results.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Papers searchable now.</summary>
    public int Count
    {
        get
        {
            var searcher = _searchers.Acquire();
            try
            {
                return searcher.IndexReader.NumDocs;
            }
            finally
            {
                _searchers.Release(searcher);
            }
        }
    }

    /// <summary>Adds or replaces a paper; several threads may add papers at once (each analyses its own).</summary>
    public void Upsert(KeywordDocument document) =>
        Writer.UpdateDocument(new Term(KeywordFields.Id, document.Id), KeywordFields.ToLucene(document, _analysis.Value!));

    /// <summary>Adds a paper the index cannot hold yet (built from empty): no delete term to look up in every segment.</summary>
    internal void Add(KeywordDocument document) => Writer.AddDocument(KeywordFields.ToLucene(document, _analysis.Value!));

    /// <summary>True when the index holds no document at all, committed or not (a new or emptied index).</summary>
    internal bool IsEmpty => Writer.MaxDoc == 0;

    public void Delete(string id) => Writer.DeleteDocuments(new Term(KeywordFields.Id, id));

    public void DeleteAll() => Writer.DeleteAll();

    /// <summary>Makes the writes so far durable and searchable, recording <paramref name="data"/> with them.</summary>
    public void Commit(IDictionary<string, string>? data = null)
    {
        if (data is not null)
        {
            Writer.SetCommitData(data);
        }
        Writer.Commit();
        _searchers.MaybeRefreshBlocking();
        Interlocked.Increment(ref _version);
    }

    /// <summary>
    /// Holds the last commit: its files stay on disk, whatever the writer commits and merges meanwhile, until the
    /// returned hold is disposed, so they can be copied while the node goes on indexing. Only for an index in a folder.
    /// </summary>
    public KeywordCommitHold HoldLastCommit()
    {
        if (_directory is not FSDirectory folder)
        {
            throw new InvalidOperationException("Only an index in a folder has files to copy.");
        }
        var policy = (SnapshotDeletionPolicy)Writer.Config.IndexDeletionPolicy;
        return new KeywordCommitHold(Writer, policy, policy.Snapshot(), folder.Directory.FullName);
    }

    internal IndexWriter Writer => _writer ?? throw new InvalidOperationException("This keyword index was opened read-only.");

    public void Dispose()
    {
        _searchers.Dispose();
        _writer?.Dispose(waitForMerges: false); // a merge of gigabytes (KeywordMerges.MergeDown) must not hold a stopping node
        _analyzer.Dispose();
        foreach (var analysis in _analysis.Values)
        {
            analysis.Dispose();
        }
        _analysis.Dispose();
        _directory.Dispose();
        if (_deleteOnDispose is not null)
        {
            try
            {
                System.IO.Directory.Delete(_deleteOnDispose, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private sealed class Bm25SearcherFactory(Similarity similarity, TaskScheduler? segments) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) =>
            segments is null ? new(reader) { Similarity = similarity } : new(reader, segments) { Similarity = similarity };
    }
}
