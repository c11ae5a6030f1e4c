using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using DailyPapers.Search;
using DailyPapers.Search.Eval;
using DailyPapers.Search.Hybrid;
using DailyPapers.Search.Keyword;
using DailyPapers.Search.Semantic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace DailyPapers.SearchBench;

/// <summary>
/// Query latency of the product's search pieces at each corpus size, against the full-scan baseline in the
/// same run. Keyword = BM25 top 100; vector = query embedding + top 100; hybrid = both and their fusion (what
/// SearchService ranks with); "page" adds highlighting the 20 results shown (the search page minus its database read).
/// Vectors: SciFact's 5,183 abstracts embedded for real (cached); every other paper gets a real SciFact vector
/// plus small Gaussian noise (σ 0.02 per dimension, then normalised; cosine to its source ≈ 0.9).
/// </summary>
internal static class SpeedBenchmark
{
    public sealed record Options(int[] Sizes, int Queries, string Data, string Model, string Cache)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            return new Options(
                (Value("--sizes") ?? "10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
                int.Parse(Value("--queries") ?? "200", CultureInfo.InvariantCulture),
                Value("--data") ?? "../shared/data",
                Value("--model") ?? "MiniLM",
                Value("--cache") ?? "data/eval-cache");
        }
    }

    public static int Run(Options options)
    {
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true)
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        var embedder = new TextEmbedder(EmbeddingModel.Find(options.Model));
        var scifact = BeirFolder.Read(Path.Combine(options.Data, "scifact"), "train");
        var real = new CorpusEmbeddingCache(options.Cache, logs.CreateLogger("bench")).Load(embedder, scifact.CorpusKey, scifact.Corpus, CancellationToken.None);
        var baseDocs = BenchCorpus.ReadBase(options.Data);
        var queries = scifact.Queries.Values.Take(options.Queries / 2)
            .Concat(baseDocs.Skip(6000).Take(options.Queries - options.Queries / 2).Select(d => string.Join(' ', d.Title.Split(' ').Take(6))))
            .ToList();
        Console.WriteLine($"model {embedder.Model.Name}; {queries.Count} queries (SciFact claims and arXiv titles); {Environment.ProcessorCount} cores; " +
            $"base: {baseDocs.Count} real abstracts, {real.Count} real vectors; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        foreach (var size in options.Sizes)
        {
            RunSize(size, baseDocs, real, queries, embedder);
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return 0;
    }

    private static void RunSize(int size, List<(string Title, string Text, string? SciFactId)> baseDocs, Dictionary<string, float[]> real,
        List<string> queries, TextEmbedder embedder)
    {
        var papers = BenchCorpus.Make(baseDocs, real.Keys.Order(StringComparer.Ordinal).ToList(), size, seed: 42);
        var folder = Path.Combine(Path.GetTempPath(), "dailypapers-search-bench", Guid.NewGuid().ToString("N"));
        Console.WriteLine();
        Console.WriteLine($"== {size:N0} papers");

        var clock = Stopwatch.StartNew();
        using var keyword = KeywordIndex.OpenFolder(folder, deleteOnDispose: true);
        foreach (var p in papers)
        {
            keyword.Upsert(new KeywordDocument { Id = p.Id, Title = p.Title, Abstract = p.Abstract, Authors = p.Authors, Categories = p.Categories, PublishedDay = p.PublishedDay });
        }
        keyword.Commit();
        var keywordBuild = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var random = new Random(7);
        using var vectors = new VectorIndex(embedder.Model.Dimensions);
        foreach (var p in papers)
        {
            var v = real[p.VectorSource].ToArray();
            if (!p.RealVector)
            {
                for (var d = 0; d < v.Length; d++)
                {
                    v[d] += (float)(Gaussian(random) * 0.02);
                }
                TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
            }
            vectors.Upsert(p.Id, v, p.PublishedDay, p.Categories, visible: true);
        }
        var vectorLoad = clock.Elapsed.TotalSeconds;

        var parsed = queries.Select(SearchQuery.Parse).ToList();
        var embedded = queries.Select(embedder.EmbedQuery).ToList();
        var fusion = new FusionOptions();
        var exactVector = Latency.Measure(embedded, q => vectors.Search(q, 100, SearchFilter.None));
        var embedding = Latency.Measure(queries, q => embedder.EmbedQuery(q));
        var keywordOnly = Latency.Measure(parsed, q => keyword.Search(q, SearchFilter.None, 100));
        var snippets = Latency.Measure(parsed, q => keyword.Highlight(q, keyword.Search(q, SearchFilter.None, 20).Hits.Select(h => h.Id)));
        var hybridExact = Latency.Measure(parsed, q => Hybrid(keyword, vectors, embedder, q, fusion));

        clock.Restart();
        vectors.BuildHnsw();
        var hnswBuild = clock.Elapsed.TotalSeconds;
        var hnswVector = Latency.Measure(embedded, q => vectors.Search(q, 100, SearchFilter.None));
        var recall = embedded.Take(50).Average(q => ExactRecall(vectors, papers, real, q));
        var vector = Latency.Measure(queries, q => vectors.Search(embedder.EmbedQuery(SearchQuery.Parse(q).FreeText), 100, SearchFilter.None));
        var hybrid = Latency.Measure(parsed, q => Hybrid(keyword, vectors, embedder, q, fusion));
        var page = Latency.Measure(parsed, q => keyword.Highlight(q, Hybrid(keyword, vectors, embedder, q, fusion).Take(20).Select(h => h.Id)));

        // Memory of the search structures: measured before the baseline, whose lower-casing churns the heap.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        var searchRss = process.WorkingSet64;
        var corpusBytes = papers.Sum(p => (long)(p.Title.Length + p.Abstract.Length) * 2);

        var scan = new FullScanSearch(papers);
        var scanQueries = queries.Take(size >= 50_000 ? 40 : 100).ToList();
        var fullScan = Latency.Measure(scanQueries, q => scan.Search(q, 100), warmup: 2);

        process.Refresh();
        Console.WriteLine($"build: keyword index {keywordBuild:0.0} s ({DirectorySize(folder) / 1e6:0} MB on disk), vectors {vectorLoad:0.0} s, HNSW graph {hnswBuild:0.0} s");
        Row("query embedding alone", embedding);
        Row("vector search alone, exact", exactVector);
        Row($"vector search alone, HNSW (recall@100 vs exact {recall:0.000})", hnswVector);
        Row("keyword (BM25 top 100)", keywordOnly);
        Row("vector (embedding + HNSW top 100)", vector);
        Row("hybrid, exact vectors (both + fusion)", hybridExact);
        Row("hybrid, HNSW vectors (both + fusion)", hybrid);
        Row("20 highlighted snippets (keyword top 20)", snippets);
        Row("search page work: hybrid (HNSW) + 20 snippets", page);
        Row("full scan (arxiv-sanity-lite)", fullScan);
        Console.WriteLine($"full scan / hybrid (HNSW): p50 {fullScan.P50 / hybrid.P50:0.0}×, cpu {fullScan.CpuMean / hybrid.CpuMean:0.0}×; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"resident memory with every search structure built: {searchRss / 1e6:0} MB (of which the benchmark's own copy of the texts, " +
            $"not held by the site, ~{corpusBytes / 1e6:0} MB); peak of the process {process.PeakWorkingSet64 / 1e6:0} MB (the baseline's lower-casing included)");
    }

    /// <summary>A hybrid query as SearchService runs it: BM25 top 100, query embedding, vector top 100, fusion.</summary>
    private static IReadOnlyList<RankedHit> Hybrid(KeywordIndex keyword, VectorIndex vectors, TextEmbedder embedder, SearchQuery query, FusionOptions fusion)
    {
        var keywordHits = keyword.Search(query, SearchFilter.None, fusion.Depth).Hits;
        var vectorHits = SearchService.VectorHits(vectors, embedder.EmbedQuery(query.FreeText), embedder.Model.MinSimilarity, query, SearchFilter.None, fusion.Depth, keywordHits);
        return HybridRanker.Fuse(keywordHits, vectorHits, fusion);
    }

    private static double ExactRecall(VectorIndex vectors, List<BenchPaper> papers, Dictionary<string, float[]> real, float[] query)
    {
        var approximate = vectors.Search(query, 100, SearchFilter.None).Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
        var exact = papers.Select(p => (p.Id, Score: TensorPrimitives.Dot(query, vectors.GetVector(p.Id)!)))
            .OrderByDescending(x => x.Score).Take(100).Select(x => x.Id);
        return exact.Count(approximate.Contains) / 100.0;
    }

    private static void Row(string name, Latency.Result r) =>
        Console.WriteLine($"  {name,-52} p50 {r.P50,8:0.00} ms   p99 {r.P99,8:0.00} ms   cpu {r.CpuMean,8:0.00} ms/query   ({r.Count} queries)");

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static long DirectorySize(string folder) => new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}
