using DailyPapers.Search.Hybrid;
using DailyPapers.Search.Semantic;

namespace DailyPapers.Search;

/// <summary>Settings bound from the <c>Search</c> section.</summary>
public sealed class SearchOptions
{
    /// <summary>Folder of this node's keyword index (derived from the database, rebuilt when missing); relative to the working folder.</summary>
    public string IndexPath { get; set; } = "data/search-index";

    /// <summary>How often the node looks for changed papers and new vectors in the database.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Threads that add papers to the keyword index while it works through a backlog (full pages of changes: a new
    /// node's first build, a bulk import); a poll that finds a few changes uses one.
    /// </summary>
    public int IndexThreads { get; set; } = 2;

    /// <summary>
    /// While the keyword index works through a backlog, it commits (durable and searchable, with the change-feed
    /// position it reflects, where a restart continues) after the first page, then every this many changes, and at the end.
    /// </summary>
    public int CatchUpCommitInterval { get; set; } = 20_000;

    /// <summary>
    /// After a catch-up of at least this many changes (a new node's first build, a bulk import), the keyword index is
    /// merged down to one segment in the background, then committed: a search looks each word up once, not once a
    /// segment (at 2.8 M papers, 30 segments took 1.4–1.9 times the CPU a query of one). It needs the index's size
    /// again in free disk while it runs. 0: never.
    /// </summary>
    public int MergeAfterBacklog { get; set; } = 100_000;

    /// <summary>
    /// Memory (MB) the keyword index's writer may fill with new papers before it writes them out as a segment: only a
    /// backlog fills it (commits write out what is buffered); larger buffers make fewer, larger segments, so less merging.
    /// </summary>
    public double IndexBufferMB { get; set; } = DefaultIndexBufferMB;

    /// <summary>The default of <see cref="IndexBufferMB"/>, also for indexes opened without options.</summary>
    public const double DefaultIndexBufferMB = 256;

    /// <summary>
    /// Score the keyword index's segments of one search in parallel (on the thread pool): a search at one connection
    /// takes about half the time on two cores; under many concurrent searches it only adds task overhead.
    /// </summary>
    public bool ParallelSegments { get; set; }

    /// <summary>
    /// Threads one keyword search may use (its papers scored in that many ranges at once, the best of each merged):
    /// a search running alone, or while searches leave cores free, takes less time. Only queries of 5 words or more
    /// are split (shorter ones cost little past their set-up); indexes of fewer than 50,000 papers a thread are
    /// searched on one; 1: always one.
    /// </summary>
    public int QueryThreads { get; set; } = 2;

    /// <summary>The embedding model: <c>MiniLM</c> or <c>ArcticXs</c>.</summary>
    public string Model { get; set; } = "MiniLM";

    /// <summary>Compute missing paper embeddings in the background on this node (one node at a time on PostgreSQL).</summary>
    public bool EmbedInBackground { get; set; } = true;

    /// <summary>Papers embedded and stored per batch by the background job.</summary>
    public int EmbeddingBatchSize { get; set; } = 8;

    /// <summary>How long the embedding job waits after start-up, and between checks for new papers.</summary>
    public TimeSpan EmbeddingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>From this many vectors on, vector search goes through an HNSW graph instead of an exact scan.</summary>
    public int HnswThreshold { get; set; } = 20_000;

    /// <summary>
    /// Folder of this node's saved vector index (float32 vectors, their papers' facts and the HNSW graph with the
    /// change-feed positions they reflect), loaded at start instead of rebuilt; empty: <c>vectors</c> inside <see cref="IndexPath"/>.
    /// </summary>
    public string VectorPath { get; set; } = "";

    /// <summary>How the HNSW graph holds vectors: <c>F32</c>, <c>F16</c> or <c>I8</c> (its candidates are then scored again in float32).</summary>
    public VectorPrecision VectorPrecision { get; set; } = VectorPrecision.F16;

    /// <summary>
    /// Read the index files every search reads (the keyword index's terms, norms, postings and positions; the saved float32
    /// vectors) into the page cache once at start, in the background, so that searches after a restart do not wait for the
    /// disk (<see cref="PageCacheWarmup"/>).
    /// </summary>
    public bool WarmAtStart { get; set; } = true;

    /// <summary>How often, at most, the node saves its vector index when it changed (and when it stops).</summary>
    public TimeSpan VectorSaveInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Folder of published index snapshots (shared storage, or one an operator copies between machines): a node whose
    /// index folders are empty or unusable seeds them from its latest snapshot and reads only the changes since; empty: none.
    /// </summary>
    public string SnapshotPath { get; set; } = "";

    /// <summary>How often this node publishes a snapshot into <see cref="SnapshotPath"/> (when the latest there is older); zero: it only seeds from it.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How keyword and vector results are fused.</summary>
    public FusionOptions Fusion { get; set; } = new();
}
